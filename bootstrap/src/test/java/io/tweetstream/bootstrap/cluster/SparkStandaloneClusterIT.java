package io.tweetstream.bootstrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tweetstream.adapter.avro.AvroCodecs;
import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.bootstrap.demo.TweetGenerator;
import io.tweetstream.testkit.EmbeddedKafka;
import io.tweetstream.testkit.TestTopics;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

    private static final Path TARGET = Path.of("target");
    private static final Path SPARK_HOME = TARGET.resolve("spark-home").toAbsolutePath();
    private static final int TWEETS = 3_000;

    private final List<Process> processes = new ArrayList<>();
    private Path logConfig;
    private EmbeddedKafka kafka;

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
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

        int masterPort = freePort();
        Path logs = Files.createDirectories(TARGET.resolve("cluster-it"));
        Files.writeString(logs.resolve("log4j2.properties"), String.join("\n",
                "rootLogger.level = WARN",
                "rootLogger.appenderRef.out.ref = out",
                "appender.out.type = Console",
                "appender.out.name = out",
                "appender.out.layout.type = PatternLayout",
                "appender.out.layout.pattern = %d{HH:mm:ss} %-5p %c{1} - %m%n",
                "logger.deploy.name = org.apache.spark.deploy", // readiness lines: leader elected, worker registered
                "logger.deploy.level = INFO",
                "logger.tweetstream.name = io.tweetstream",
                "logger.tweetstream.level = INFO"));
        logConfig = logs.resolve("log4j2.properties").toAbsolutePath();
        start(logs.resolve("master.log"), "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(freePort()));
        String master = "spark://127.0.0.1:" + masterPort;
        awaitLog(logs.resolve("master.log"), "I have been elected leader", Duration.ofSeconds(60));
        start(logs.resolve("worker.log"), "org.apache.spark.deploy.worker.Worker", master,
                "--cores", "2", "--memory", "1g", "--webui-port", Integer.toString(freePort()),
                "--work-dir", Files.createDirectories(logs.resolve("work")).toAbsolutePath().toString());
        awaitLog(logs.resolve("worker.log"), "Successfully registered with master", Duration.ofSeconds(60));

        Process job = start(logs.resolve("job.log"), "org.apache.spark.deploy.SparkSubmit",
                "--master", master, "--deploy-mode", "client",
                "--conf", "spark.executor.memory=512m",
                "--conf", "spark.driver.host=127.0.0.1",
                "--class", "io.tweetstream.bootstrap.Main", shadedJar().toString(),
                "run",
                "-D", "kafka.bootstrap.servers=" + kafka.bootstrapServers(),
                "-D", "input.topic=cluster-in", "-D", "output.topic=cluster-out",
                "-D", "kafka.group.id=cluster-it",
                "-D", "spark.batch-interval=1s");

        Set<String> received = consume(codec, Duration.ofSeconds(180), job, logs.resolve("job.log"));
        assertThat(received).as("every tweet delivered through the cluster").isEqualTo(sent);

        job.destroy(); // SIGTERM: Spark stops gracefully, the engine commits the last batch
        assertThat(job.waitFor(60, TimeUnit.SECONDS)).as("the job ends after SIGTERM").isTrue();
        assertThat(committed("cluster-it")).as("all offsets committed").isEqualTo(TWEETS);
        assertThat(Files.readString(logs.resolve("job.log"))).doesNotContain("Exception in thread \"main\"");
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

    private Process start(Path log, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.addAll(List.of(System.getProperty("tweetstream.spark.jvm.options", "").split(" ")));
        command.add("-Dlog4j2.configurationFile=" + logConfig);
        command.add("-cp");
        command.add(SPARK_HOME.resolve("jars") + File.separator + "*");
        command.add(mainClass);
        command.addAll(List.of(args));
        command.removeIf(String::isBlank);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().put("SPARK_HOME", SPARK_HOME.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private static void awaitLog(Path log, String line, Duration timeout) {
        await("'" + line + "' in " + log).atMost(timeout).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(log).exists().content().contains(line));
    }

    private static Path shadedJar() throws IOException {
        try (var files = Files.list(TARGET)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-spark.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no shaded jar in target/: run mvn verify")).toAbsolutePath();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
