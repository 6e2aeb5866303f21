package io.tweetstream.application.port.out;

import java.io.Serializable;

/**
 * Makes a {@link TweetSink} where the work runs. Serializable, so an engine ships the factory to its workers
 * (e.g. Spark executors) and each worker builds its own sink: live clients are never serialized.
 */
@FunctionalInterface
public interface TweetSinkFactory extends Serializable {

    /** @param shared what this worker's sinks share (e.g. one pooled producer for output and dead letters) */
    TweetSink create(TaskResources shared);
}
