package io.tweetstream.application.lifecycle;

/**
 * Something an adapter keeps for the life of the process, e.g. this JVM's Kafka producer pools. Closed by the
 * lifecycle's owner only after the engine stopped (so nothing still delivers through it), stage by stage. Adapters
 * expose {@code close()}; they never install shutdown hooks of their own.
 */
public interface ProcessResource {

    /** When a resource is closed, in this order. */
    enum Stage {
        /** What sinks keep open across batches (files, connections of a sink's own). */
        SINKS,
        /** Shared client pools the sinks borrow from (e.g. Kafka producers). */
        CLIENT_POOLS
    }

    Stage stage();

    /** For the log: what was closed. */
    String name();

    void close();
}
