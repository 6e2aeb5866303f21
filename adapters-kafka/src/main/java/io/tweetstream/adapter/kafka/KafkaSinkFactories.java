package io.tweetstream.adapter.kafka;

import io.tweetstream.application.port.out.DeadLetterSink;
import io.tweetstream.application.port.out.DeadLetterSinkFactory;
import io.tweetstream.application.port.out.TaskResources;
import io.tweetstream.application.port.out.TransactionalOutputFactory;
import io.tweetstream.application.port.out.TweetSink;
import io.tweetstream.application.port.out.TweetSinkFactory;
import java.util.Map;

/**
 * Serializable factories for the Kafka sinks: they carry settings to the workers, where the sinks take their
 * producer from the JVM's pool for those settings, one per task for all its Kafka sinks.
 */
public final class KafkaSinkFactories {

    private KafkaSinkFactories() {
    }

    /** The output sink with the safe producer defaults, e.g. for an engine's tests. */
    public static TweetSinkFactory tweets(String bootstrapServers, String topic) {
        return tweets(bootstrapServers, topic, Map.of());
    }

    /** The output sink with the safe producer defaults overridden by {@code producerConfig}. */
    public static TweetSinkFactory tweets(String bootstrapServers, String topic, Map<String, String> producerConfig) {
        return new Tweets(ProducerSettings.of(bootstrapServers, producerConfig, PoolSettings.DEFAULT), topic);
    }

    /** The dead-letter sink with the safe producer defaults, e.g. for an engine's tests. */
    public static DeadLetterSinkFactory deadLetters(String bootstrapServers, String topic) {
        return deadLetters(bootstrapServers, topic, Map.of());
    }

    /**
     * The dead-letter sink with the safe producer defaults overridden by {@code producerConfig} (give it the output
     * sink's, so a task's two sinks share one producer, as in the job).
     */
    public static DeadLetterSinkFactory deadLetters(String bootstrapServers, String topic,
                                                    Map<String, String> producerConfig) {
        return new DeadLetters(ProducerSettings.of(bootstrapServers, producerConfig, PoolSettings.DEFAULT), topic);
    }

    /**
     * Exactly-once delivery for the Kafka sinks made with the same {@code producerConfig}: their records and the
     * input's positions commit in one Kafka transaction per batch.
     */
    public static TransactionalOutputFactory transactions(String bootstrapServers, Map<String, String> producerConfig) {
        return new KafkaTransactionalOutputFactory(
                ProducerSettings.of(bootstrapServers, producerConfig, PoolSettings.DEFAULT));
    }

    record Tweets(ProducerSettings producer, String topic) implements TweetSinkFactory {
        @Override
        public TweetSink create(TaskResources shared) {
            return new KafkaTweetSink(ProducerPool.forSettings(producer), shared, topic);
        }
    }

    record DeadLetters(ProducerSettings producer, String topic) implements DeadLetterSinkFactory {
        @Override
        public DeadLetterSink create(TaskResources shared) {
            return new KafkaDeadLetterSink(ProducerPool.forSettings(producer), shared,
                    DeadLetterRecords.forProducer(topic, producer.kafkaConfig()));
        }
    }
}
