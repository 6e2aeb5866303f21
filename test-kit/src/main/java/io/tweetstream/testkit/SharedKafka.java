package io.tweetstream.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One real broker for every integration test class of this JVM that needs no broker of its own. Never closed by
 * hand: it ends, its data deleted, with the test JVM ({@link BrokerMain}).
 */
public final class SharedKafka {

    private static EmbeddedKafka kafka;
    private static TestTopics topics;

    private SharedKafka() {
    }

    public static synchronized EmbeddedKafka broker() {
        if (kafka == null) {
            kafka = EmbeddedKafka.start();
            topics = new TestTopics(kafka);
            System.out.printf("shared embedded Kafka ready in %d ms%n", kafka.startupTime().toMillis());
        }
        return kafka;
    }

    public static String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** A new topic with a unique name, so test methods never see each other's records. */
    public static String newTopic(String prefix, int partitions, Map<String, String> config) {
        broker();
        return topics.create(prefix, partitions, config);
    }

    public static String newTopic(String prefix, int partitions) {
        return newTopic(prefix, partitions, Map.of());
    }

    /** Reads the whole topic from the beginning until {@code expected} records arrived or the timeout passed. */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected, Duration timeout) {
        broker();
        return topics.readAll(topic, expected, timeout);
    }
}
