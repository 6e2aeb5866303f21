package io.tweetstream.bootstrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tweetstream.adapter.avro.AvroCodecs;
import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.bootstrap.demo.TweetGenerator;
import io.tweetstream.testkit.EmbeddedKafka;
import io.tweetstream.testkit.TestTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real deployment path: a Spark standalone Master and Worker on 127.0.0.1 started from Spark's jars, the
 * shaded jar submitted with SparkSubmit in client mode, tweets through the embedded broker. Everything started
 * here is stopped afterwards.
 */
class SparkStandaloneClusterIT {

    private static final int TWEETS = 3_000;

    private LocalSparkCluster cluster;
    private EmbeddedKafka kafka;

    @AfterEach
    void stopEverything() {
        if (cluster != null) {
            cluster.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void theShadedJarSubmittedToAStandaloneClusterDeliversEveryTweetAndCommitsOnSigterm() throws Exception {
        kafka = EmbeddedKafka.start();
        TestTopics topics = new TestTopics(kafka); // waits until every partition serves (KAFKA-15591)
        topics.createNamed("cluster-in", 2, Map.of());
        topics.createNamed("cluster-out", 2, Map.of());
        topics.createNamed("cluster-in.dlq", 1, Map.of());
        TweetCodec codec = AvroCodecs.factory("binary").create();
        Set<String> sent = produce(codec);

        cluster = LocalSparkCluster.start("cluster-it");
        cluster.addWorker("worker", 2, "1g");
        Process job = cluster.submit("job", List.of("spark.executor.memory=512m"), List.of(
                "run",
                "-D", "kafka.bootstrap.servers=" + kafka.bootstrapServers(),
                "-D", "input.topic=cluster-in", "-D", "output.topic=cluster-out",
                "-D", "kafka.group.id=cluster-it",
                "-D", "spark.batch-interval=1s"));
        Path jobLog = cluster.log("job");

        Set<String> received = consume(codec, Duration.ofSeconds(180), job, jobLog);
        assertThat(received).as("every tweet delivered through the cluster").isEqualTo(sent);

        job.destroy(); // SIGTERM: Spark stops gracefully, the engine commits the last batch
        assertThat(job.waitFor(60, TimeUnit.SECONDS)).as("the job ends after SIGTERM").isTrue();
        assertThat(committed("cluster-it")).as("all offsets committed").isEqualTo(TWEETS);
        assertThat(Files.readString(jobLog)).doesNotContain("Exception in thread \"main\"");
    }

    private Set<String> produce(TweetCodec codec) {
        Set<String> texts = new HashSet<>();
        TweetGenerator generator = new TweetGenerator(7);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < TWEETS; i++) {
                var tweet = generator.next(i);
                texts.add(tweet.username() + "|" + tweet.timestamp() + "|" + tweet.text());
                producer.send(new ProducerRecord<>("cluster-in", tweet.username().getBytes(StandardCharsets.UTF_8),
                        codec.encode(tweet)));
            }
        }
        return texts;
    }

    private Set<String> consume(TweetCodec codec, Duration timeout, Process job, Path jobLog) {
        Set<String> texts = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition("cluster-out", 0), new TopicPartition("cluster-out", 1));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await("every tweet in cluster-out").atMost(timeout)
                    .pollInSameThread() // the consumer belongs to this thread
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)) // the poll itself waits
                    .failFast("the job process ended; its log: " + jobLog.toAbsolutePath(), () -> !job.isAlive())
                    .untilAsserted(() -> {
                        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                            var tweet = ((DecodeResult.Success) codec.decode(r.value())).tweet();
                            texts.add(tweet.username() + "|" + tweet.timestamp() + "|" + tweet.text());
                        }
                        assertThat(texts.size()).as("distinct tweets read").isGreaterThanOrEqualTo(TWEETS);
                    });
        }
        return texts;
    }

    private long committed(String group) throws Exception {
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        }
    }
}
