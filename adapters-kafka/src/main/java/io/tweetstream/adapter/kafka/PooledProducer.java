package io.tweetstream.adapter.kafka;

import org.apache.kafka.clients.producer.Producer;

/** A producer borrowed from a {@link ProducerPool}, remembering whether it hit an error that forbids reuse. */
final class PooledProducer {

    private final Producer<byte[], byte[]> producer;
    private volatile Throwable fatalError;

    PooledProducer(Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    Producer<byte[], byte[]> producer() {
        return producer;
    }

    /** Marks this producer for destruction instead of return, if the error is fatal. */
    void recordError(Throwable error) {
        if (fatalError == null && FatalProducerErrors.isFatal(error)) {
            fatalError = error;
        }
    }

    boolean isBroken() {
        return fatalError != null;
    }
}
