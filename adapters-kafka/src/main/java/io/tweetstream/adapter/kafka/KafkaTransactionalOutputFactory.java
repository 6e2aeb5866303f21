package io.tweetstream.adapter.kafka;

import io.tweetstream.application.port.out.TransactionalOutput;
import io.tweetstream.application.port.out.TransactionalOutputFactory;
import java.util.Objects;
import java.util.UUID;

/**
 * Exactly-once output on Kafka: each {@link #open} checks out this JVM's transactional producer for the id (created
 * with {@code initTransactions()} when there is none idle), configured as the job's producers ({@code producer}:
 * give it the sinks' settings) plus {@code transactional.id}, {@code enable.idempotence=true} and {@code acks=all}.
 * The task's Kafka output and dead-letter sinks send through it: they take their producer where it is registered.
 *
 * @param producer the job's producer settings, equal to those of its Kafka sinks
 * @param instance this job instance (two jobs in one JVM never share a producer): set once where the job is built
 */
record KafkaTransactionalOutputFactory(ProducerSettings producer, String instance)
        implements TransactionalOutputFactory {

    KafkaTransactionalOutputFactory {
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(instance, "instance");
    }

    KafkaTransactionalOutputFactory(ProducerSettings producer) {
        this(producer, UUID.randomUUID().toString());
    }

    @Override
    public TransactionalOutput open(String transactionalId) {
        return new KafkaTransaction(TransactionalProducers.jvm(),
                new TransactionalProducers.Key(producer, transactionalId, instance), ProducerPool.forSettings(producer));
    }
}
