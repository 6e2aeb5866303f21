package io.tweetstream.adapter.kafka;

import org.apache.kafka.clients.producer.Producer;

/**
 * A producer borrowed from a {@link ProducerPool}, remembering whether a send through it failed.
 *
 * <p>Any failure, not only the ones Kafka documents as fatal (fenced, unauthorized, closed), retires the
 * producer: after an idempotent producer recovers from a failed batch (e.g. a record over the broker's size
 * limit) it was seen here to leave batches of other partitions unsent until {@code delivery.timeout.ms}
 * expired them. Failures are rare and the batch fails anyway, so a fresh producer costs little.
 */
final class PooledProducer {

    private final Producer<byte[], byte[]> producer;
    private volatile Throwable failure;

    PooledProducer(Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    Producer<byte[], byte[]> producer() {
        return producer;
    }

    /** Marks this producer for destruction instead of return to the pool. */
    void recordError(Throwable error) {
        if (failure == null) {
            failure = error;
        }
    }

    /** The first failure recorded, or null. */
    Throwable failure() {
        return failure;
    }

    boolean isBroken() {
        return failure != null;
    }
}
