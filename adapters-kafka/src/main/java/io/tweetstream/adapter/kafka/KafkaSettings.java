package io.tweetstream.adapter.kafka;

import io.tweetstream.kafkasource.KafkaSecrets;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the Kafka adapter needs to know, validated on construction with messages that name the setting.
 *
 * @param bootstrapServers {@code bootstrap.servers} of the cluster
 * @param inputTopic topic the tweets are read from (checked at start-up, and named in dead letters)
 * @param deadLetterTopic topic undecodable records go to; {@code <input topic>.dlq} when null or blank
 * @param clientConfig Kafka client settings passed through to producers and the admin client (SSL, SASL...)
 * @param producerConfig Kafka producer settings that override the safe defaults
 * @param pool producer pool limits
 * @param topicCreation whether missing topics are created, and how
 * @param checkTimeout how long start-up checks wait for the cluster before failing
 */
public record KafkaSettings(
        String bootstrapServers,
        String inputTopic,
        String deadLetterTopic,
        Map<String, String> clientConfig,
        Map<String, String> producerConfig,
        PoolSettings pool,
        TopicCreation topicCreation,
        Duration checkTimeout) implements Serializable {

    /** Whether to create missing topics at start-up, with how many partitions and replicas. */
    public record TopicCreation(boolean enabled, int partitions, short replicationFactor) implements Serializable {

        public static final TopicCreation DISABLED = new TopicCreation(false, 1, (short) 1);

        public TopicCreation {
            if (partitions < 1) {
                throw new IllegalArgumentException("topics.partitions must be >= 1, got " + partitions);
            }
            if (replicationFactor < 1) {
                throw new IllegalArgumentException("topics.replication-factor must be >= 1, got " + replicationFactor);
            }
        }
    }

    public KafkaSettings {
        bootstrapServers = required("kafka.bootstrap.servers", bootstrapServers);
        inputTopic = required("input.topic", inputTopic);
        deadLetterTopic = deadLetterTopic == null || deadLetterTopic.isBlank() ? inputTopic + ".dlq" : deadLetterTopic.strip();
        if (deadLetterTopic.equals(inputTopic)) {
            throw new IllegalArgumentException("dead-letter.topic must differ from input.topic, both are '" + inputTopic + "'");
        }
        clientConfig = Map.copyOf(clientConfig);
        producerConfig = Map.copyOf(producerConfig);
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(topicCreation, "topicCreation");
        if (checkTimeout.isNegative() || checkTimeout.isZero()) {
            throw new IllegalArgumentException("kafka.check-timeout must be positive, got " + checkTimeout);
        }
        ProducerSettings.of(bootstrapServers, merged(clientConfig, producerConfig), pool); // refuses a bad pool wait
    }

    /** Secrets hidden: Kafka's PASSWORD settings, and keys Kafka does not know. */
    @Override
    public String toString() {
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", inputTopic=" + inputTopic
                + ", deadLetterTopic=" + deadLetterTopic + ", clientConfig=" + KafkaSecrets.redacted(clientConfig)
                + ", producerConfig=" + KafkaSecrets.redacted(producerConfig) + ", pool=" + pool + ", topicCreation="
                + topicCreation + ", checkTimeout=" + checkTimeout + "]";
    }

    /** Defaults for everything but the cluster and the topics. */
    public static KafkaSettings of(String bootstrapServers, String inputTopic) {
        return new KafkaSettings(bootstrapServers, inputTopic, null, Map.of(), Map.of(),
                PoolSettings.DEFAULT, TopicCreation.DISABLED, Duration.ofSeconds(30));
    }

    public KafkaSettings withTopicCreation(TopicCreation creation) {
        return new KafkaSettings(bootstrapServers, inputTopic, deadLetterTopic, clientConfig,
                producerConfig, pool, creation, checkTimeout);
    }

    public KafkaSettings withCheckTimeout(Duration timeout) {
        return new KafkaSettings(bootstrapServers, inputTopic, deadLetterTopic, clientConfig,
                producerConfig, pool, topicCreation, timeout);
    }

    /**
     * A producer setting as the job's producers get it: the producer's own, the shared client settings, the safe
     * defaults, or else Kafka's default ({@code null} if Kafka has none).
     */
    public String producerSetting(String key) {
        String value = producerSettings().config().get(key);
        if (value != null) {
            return value;
        }
        Object kafkaDefault = org.apache.kafka.clients.producer.ProducerConfig.configDef().defaultValues().get(key);
        return kafkaDefault == null ? null : kafkaDefault.toString();
    }

    /** Producer settings: safe defaults, then the shared client settings, then the producer's own. */
    ProducerSettings producerSettings() {
        return ProducerSettings.of(bootstrapServers, merged(clientConfig, producerConfig), pool);
    }

    private static Map<String, String> merged(Map<String, String> client, Map<String, String> producer) {
        Map<String, String> config = new java.util.HashMap<>(client);
        config.putAll(producer);
        return config;
    }

    private static String required(String setting, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(setting + " is required");
        }
        return value.strip();
    }
}
