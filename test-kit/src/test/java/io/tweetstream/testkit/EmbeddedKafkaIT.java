package io.tweetstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaIT {

    @Test
    void aSingleBrokerStartsServesAndCleansUp() throws Exception {
        Path dataDir;
        EmbeddedKafka kafka = EmbeddedKafka.start();
        try {
            System.out.printf("embedded Kafka (1 broker) ready in %d ms at %s%n",
                    kafka.startupTime().toMillis(), kafka.bootstrapServers());
            assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
            dataDir = workDirOf(kafka);
            assertThat(dataDir).isDirectory();

            try (Admin admin = Admin.create(kafka.clientConfig())) {
                admin.createTopics(List.of(new NewTopic("hello", 1, (short) 1))).all().get();
            }
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("hello", "k", "world")).get();
            }
            try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new StringDeserializer(), new StringDeserializer())) {
                TopicPartition tp = new TopicPartition("hello", 0);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofSeconds(10));
                assertThat(records.records(tp)).extracting(r -> r.value()).containsExactly("world");
            }
        } finally {
            kafka.close();
        }
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void threeBrokersReplicateAndSurviveAKill() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(3)) {
            System.out.printf("embedded Kafka (3 brokers) ready in %d ms%n", kafka.startupTime().toMillis());
            assertThat(kafka.bootstrapServers().split(",")).hasSize(3);
            try (Admin admin = Admin.create(kafka.clientConfig())) {
                admin.createTopics(List.of(new NewTopic("replicated", 3, (short) 3))).all().get();
                TopicDescription topic = TestTopics.awaitKnown(admin, "replicated");
                assertThat(topic.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));

                kafka.kill(2);
                try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(1),
                        ProducerConfig.ACKS_CONFIG, "1"),
                        new StringSerializer(), new StringSerializer())) {
                    producer.send(new ProducerRecord<>("replicated", "k", "still writable")).get();
                }
                kafka.restart(2);
                // every broker saw it back; the controller may still fence and unfence it once while it catches up
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(admin.describeCluster().nodes().get()).hasSize(3));
            }
        }
    }

    private static Path workDirOf(EmbeddedKafka kafka) throws Exception {
        var field = EmbeddedKafka.class.getDeclaredField("workDir");
        field.setAccessible(true);
        Path dir = (Path) field.get(kafka);
        assertThat(Files.list(dir)).isNotEmpty();
        return dir;
    }
}
