package io.tweetstream.adapter.spark;

import org.apache.kafka.clients.consumer.Consumer;

/**
 * A task's use of one Kafka consumer: it goes back for the next task only if the task read its range to the end
 * ({@link #readToEnd()}), so a reused consumer never carries the state of a failed or abandoned read; otherwise
 * {@link #close()} closes it.
 */
final class ConsumerLease implements AutoCloseable {

    /** What happens to the consumer at the end of the lease. */
    interface Ending {
        /** @param reusable the range was read to its end: the consumer may serve another task */
        void end(Consumer<byte[], byte[]> consumer, boolean reusable);
    }

    private final Consumer<byte[], byte[]> consumer;
    private final Ending ending;
    private boolean reusable;
    private boolean ended;

    ConsumerLease(Consumer<byte[], byte[]> consumer, Ending ending) {
        this.consumer = consumer;
        this.ending = ending;
    }

    /** A consumer of the task's own, closed at the end whatever happened. */
    static ConsumerLease unpooled(Consumer<byte[], byte[]> consumer) {
        return new ConsumerLease(consumer, (c, reusable) -> c.close());
    }

    Consumer<byte[], byte[]> consumer() {
        return consumer;
    }

    /** The range was read to its end: the consumer is in a known state, fit for the next range. */
    void readToEnd() {
        reusable = true;
    }

    @Override
    public void close() {
        if (!ended) {
            ended = true;
            ending.end(consumer, reusable);
        }
    }
}
