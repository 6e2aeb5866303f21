package io.tweetstream.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tweetstream.bootstrap.Main;
import io.tweetstream.bootstrap.job.JobProcess;
import io.tweetstream.testkit.EmbeddedKafka;
import io.tweetstream.testkit.TestTopics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** produce, consume and demo, as a user runs them, against a real broker (and local Spark for the demo). */
class CommandLineToolsIT {

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void produceGeneratesTweetsAndConsumePrintsThemAsJsonLines() throws Exception {
        createTopic("tools-gen");
        Result produced = run("produce", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "tools-gen",
                "--count", "50", "--corrupt-every", "10");
        assertThat(produced.code).as(produced.err).isZero();
        assertThat(produced.err).contains("wrote 50 record(s) to tools-gen").doesNotContain("failed");

        Result printed = run("consume", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "tools-gen",
                "--idle-timeout", "3");

        List<String> lines = printed.out.lines().toList();
        assertThat(lines).hasSize(50);
        assertThat(lines).filteredOn(l -> l.startsWith("{\"username\":")).hasSize(45);
        assertThat(lines).filteredOn(l -> l.startsWith("{\"undecodable\":")).hasSize(5);
    }

    @Test
    void produceReadsJsonLinesFromAFile(@TempDir Path dir) throws Exception {
        createTopic("tools-file");
        Path file = dir.resolve("tweets.jsonl");
        Files.writeString(file, "{\"username\":\"ANY_USER_1\",\"text\":\"ANY_TEXT_1\",\"timestamp\":1234}\n"
                + "\n{\"username\":\"ANY_USER_2\",\"text\":\"caf\u00e9 \uD83D\uDE80\",\"timestamp\":0}\n");

        Result produced = run("produce", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "tools-file",
                "--file", file.toString());
        assertThat(produced.code).as(produced.err).isZero();
        assertThat(produced.err).contains("wrote 2 record(s) to tools-file");

        assertThat(run("consume", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "tools-file",
                "--idle-timeout", "3").out.lines().toList()).containsExactlyInAnyOrder(
                "{\"username\":\"ANY_USER_1\",\"text\":\"ANY_TEXT_1\",\"timestamp\":1234}",
                "{\"username\":\"ANY_USER_2\",\"text\":\"caf\u00e9 \uD83D\uDE80\",\"timestamp\":0}");
    }

    @Test
    void produceCountsTheRecordsTheTopicRefusesAndExitsOne(@TempDir Path dir) throws Exception {
        // Each long tweet is over batch.size (16 KiB), so it travels alone in its batch and the broker refuses it
        // alone: RecordTooLargeException, which the producer does not retry. Its text is random, so lz4 cannot
        // shrink it under the limit. The short tweets, batched apart, fit and are written.
        createTopic("tools-refused", Map.of("max.message.bytes", "4096"));
        Path file = dir.resolve("tweets.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"username\":\"ANY_USER_1\",\"text\":\"short\",\"timestamp\":1}",
                "{\"username\":\"ANY_USER_2\",\"text\":\"" + randomText(20_000, 1) + "\",\"timestamp\":2}",
                "{\"username\":\"ANY_USER_3\",\"text\":\"short too\",\"timestamp\":3}",
                "{\"username\":\"ANY_USER_4\",\"text\":\"" + randomText(20_000, 2) + "\",\"timestamp\":4}"));

        Result produced = run("produce", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "tools-refused",
                "--file", file.toString());

        assertThat(produced.code).as(produced.err).isEqualTo(1);
        assertThat(produced.err).contains("wrote 2 record(s) to tools-refused",
                "2 record(s) failed, not written to tools-refused", "RecordTooLargeException");
        assertThat(run("consume", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "tools-refused",
                "--idle-timeout", "3").out.lines().toList()).containsExactlyInAnyOrder(
                "{\"username\":\"ANY_USER_1\",\"text\":\"short\",\"timestamp\":1}",
                "{\"username\":\"ANY_USER_3\",\"text\":\"short too\",\"timestamp\":3}");
    }

    @Test
    void theDemoOnAConfiguredBrokerProcessesEveryTweetAndExitsZero() throws Exception {
        Result demo = run("demo", "--tweets", "3000", "--corrupt-every", "100",
                "-D", "kafka.bootstrap.servers=" + kafka.bootstrapServers(),
                "-D", "input.topic=demo-in", "-D", "output.topic=demo-out", "-D", "kafka.group.id=demo-it",
                "-D", "spark.conf.spark.driver.host=127.0.0.1");

        assertThat(demo.code).as(demo.out + demo.err).isZero();
        assertThat(demo.out).contains("summary: generated 3,000, consumed 3,000, produced 2,970, dead-lettered 30",
                "produced + dead-lettered == generated: nothing lost");

        Result deadLetters = run("consume", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "demo-in.dlq",
                "--dead-letters", "--idle-timeout", "3");
        assertThat(deadLetters.out.lines().toList()).hasSize(30)
                .allSatisfy(line -> assertThat(line).contains("\"reason\":\"", "\"source.topic\":\"demo-in\""));
    }

    @Test
    void theInProcessEngineFansOutToKafkaAndFilesAndLosesNothing(@TempDir Path dir) throws Exception {
        Result demo = run("demo", "--tweets", "3000", "--corrupt-every", "100",
                "-D", "engine=in-process", "-D", "sinks=kafka,file", "-D", "file.directory=" + dir,
                "-D", "kafka.bootstrap.servers=" + kafka.bootstrapServers(),
                "-D", "input.topic=fanout-in", "-D", "output.topic=fanout-out", "-D", "kafka.group.id=fanout-it",
                "-D", "metrics.port=" + freePort());

        assertThat(demo.code).as(demo.out + demo.err).isZero();
        assertThat(demo.out).contains("produced 2,970, dead-lettered 30");
        assertThat(demo.out).as("the demo shows where its metrics are").containsPattern(
                "metrics: http://[^ ]+:\\d+/metrics \\(health: http://[^ ]+/health\\)");
        long lines = 0;
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                assertThat(file.getFileName().toString()).as("no unfinished file left").endsWith(".jsonl");
                lines += Files.readAllLines(file).size();
            }
        }
        assertThat(lines).as("every produced tweet is also in a file").isEqualTo(2_970);
        assertThat(run("consume", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "fanout-out",
                "--idle-timeout", "3").out.lines().count()).isEqualTo(2_970);
    }

    @Test
    void theDemoStopsAndExitsOneWhenTheTopicRefusesTheGeneratedTweets() throws Exception {
        // One tweet, so one batch of one record: the broker refuses it at once (RecordTooLargeException). A batch
        // of several refused records would be split and resent by kafka-clients until delivery.timeout.ms instead.
        createTopic("demo-refused-in", Map.of("max.message.bytes", "100"));

        Result demo = run("demo", "--tweets", "1", "--corrupt-every", "0", "-D", "engine=in-process",
                "-D", "kafka.bootstrap.servers=" + kafka.bootstrapServers(),
                "-D", "input.topic=demo-refused-in", "-D", "output.topic=demo-refused-out",
                "-D", "kafka.group.id=demo-refused-it");

        assertThat(demo.code).as(demo.out + demo.err).isEqualTo(1);
        assertThat(demo.err).contains("the tweet generator failed: 1 record(s) failed, not written to "
                + "demo-refused-in", "RecordTooLargeException").doesNotContain("no progress for");
        assertThat(demo.out).contains("summary: generated 1, consumed 0, produced 0, dead-lettered 0");
    }

    @Test
    void aPoisonTweetIsDeadLetteredTruncatedTheJobGoesOnAndConsumeShowsItsSizeAndHash(@TempDir Path dir)
            throws Exception {
        for (String topic : List.of("poison-in", "poison-out", "poison-in.dlq")) {
            createTopic(topic);
        }
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            String text = i == 50 ? randomText(200_000, 7) : "tweet " + i; // 50: over the job's max.request.size
            lines.append("{\"username\":\"user-").append(i % 5).append("\",\"text\":\"").append(text)
                    .append("\",\"timestamp\":").append(i).append("}\n");
        }
        Path file = dir.resolve("tweets.jsonl");
        Files.writeString(file, lines);
        assertThat(run("produce", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "poison-in",
                "--file", file.toString()).code).isZero();

        Result deadLetters;
        try (JobProcess job = JobProcess.start("poison-in-process", Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(), "engine", "in-process",
                "input.topic", "poison-in", "output.topic", "poison-out", "kafka.group.id", "poison-it",
                "kafka.producer.max.request.size", "65536"))) {
            await("99 tweets in poison-out").atMost(Duration.ofSeconds(120)).until(() -> run("consume",
                    "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "poison-out", "--idle-timeout", "2")
                    .out.lines().count(), count -> count >= 99);
            deadLetters = run("consume", "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "poison-in.dlq",
                    "--dead-letters", "--idle-timeout", "3");
            assertThat(job.isAlive()).as("the job goes on past the poison tweet; " + job.tail(20)).isTrue();
            job.sigterm();
            assertThat(job.await(Duration.ofSeconds(90))).isTrue();
            assertThat(job.exitValue()).as(job.tail(30)).isZero();
        }

        byte[] original = new TestTopics(kafka).readAll("poison-in", 100, Duration.ofSeconds(30)).stream()
                .map(ConsumerRecord::value).max(Comparator.comparingInt(v -> v.length)).orElseThrow();
        assertThat(deadLetters.out.lines().toList()).singleElement().satisfies(line -> {
            JsonNode dead = new ObjectMapper().readTree(line);
            assertThat(dead.get("reason").asText()).contains("RecordTooLargeException", "poison-out");
            assertThat(dead.get("source.topic").asText()).isEqualTo("poison-in");
            assertThat(dead.get("truncated").asText()).isEqualTo("value");
            assertThat(dead.get("original.size").asText()).isEqualTo(Integer.toString(original.length));
            assertThat(dead.get("original.sha256").asText()).isEqualTo(
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(original)));
            byte[] shown = Base64.getDecoder().decode(dead.get("bytes").asText());
            assertThat(shown).isEqualTo(Arrays.copyOf(original, shown.length)).hasSizeLessThan(65_536);
        });
        System.out.println("consume --dead-letters, the poison tweet's line, its first 400 characters: "
                + deadLetters.out.substring(0, Math.min(400, deadLetters.out.length())));
    }

    private static void createTopic(String name) throws Exception {
        createTopic(name, Map.of());
    }

    private static void createTopic(String name, Map<String, String> configs) throws Exception {
        new TestTopics(kafka).createNamed(name, 2, configs); // waits until every partition serves (KAFKA-15591)
    }

    /** Letters and digits that lz4 barely compresses, the same for the same seed. */
    private static String randomText(int length, long seed) {
        String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(chars.charAt(random.nextInt(chars.length())));
        }
        return text.toString();
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private record Result(int code, String out, String err) {
    }

    /** Runs a command as Main does, minus the System.exit, capturing standard output and standard error. */
    private static Result run(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new Main()).execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }
}
