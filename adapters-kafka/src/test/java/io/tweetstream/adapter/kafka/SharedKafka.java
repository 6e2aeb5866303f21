package io.tweetstream.adapter.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** One real broker for every integration test class of this JVM that needs no broker of its own. */
final class SharedKafka {

    private static EmbeddedKafka kafka;
    private static TestTopics topics;

    private SharedKafka() {
    }

    static synchronized EmbeddedKafka broker() {
        if (kafka == null) {
            kafka = EmbeddedKafka.start();
            topics = new TestTopics(kafka);
            System.out.printf("shared embedded Kafka ready in %d ms%n", kafka.startupTime().toMillis());
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        }
        return kafka;
    }

    static String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** A new topic with a unique name, so test methods never see each other's records. */
    static String newTopic(String prefix, int partitions, Map<String, String> config) {
        broker();
        return topics.create(prefix, partitions, config);
    }

    static String newTopic(String prefix, int partitions) {
        return newTopic(prefix, partitions, Map.of());
    }

    /** Reads the whole topic from the beginning until {@code expected} records arrived or the timeout passed. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected, Duration timeout) {
        broker();
        return topics.readAll(topic, expected, timeout);
    }
}
