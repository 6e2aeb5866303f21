package io.tweetstream.application.port.out;

import io.tweetstream.application.message.DeliveryFailedException;

/**
 * Where records go, with the lifecycle of Kafka Connect's {@code SinkTask} and Flink's {@code SinkWriter}.
 *
 * <p>Per batch the caller does: {@code open()}, any number of {@code write(r)}, {@code flush()}, then
 * {@code close()} (always, also after a failure). {@code write} may be asynchronous and buffer;
 * {@code flush} blocks until everything written since the last flush is durable at the destination. An
 * implementation may keep costly resources across batches (e.g. return a producer to a pool on close).
 *
 * @param <R> the record type
 */
public interface Sink<R> extends AutoCloseable {

    /** Prepares to accept writes, e.g. borrows a pooled client. */
    void open();

    /** Hands one record to the sink. A failure may surface here or on the next {@link #flush()}. */
    void write(R record);

    /**
     * Waits until every record written since the last flush is acknowledged.
     *
     * @return how many records were acknowledged by this flush
     * @throws DeliveryFailedException naming the first failure, with how many were acknowledged anyway
     * @throws io.tweetstream.application.message.RecordsRefusedException (a {@code DeliveryFailedException}) when
     *         the only failures are records the destination refuses for good, one by one (too large, invalid):
     *         every other record of the flush was acknowledged
     */
    long flush();

    /** Releases what {@link #open()} acquired. Does not throw for records already flushed. */
    @Override
    void close();
}
