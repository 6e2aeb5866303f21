package io.tweetstream.bootstrap.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.tweetstream.adapter.avro.AvroCodecs;
import io.tweetstream.application.fake.NumberedTweets;
import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.bootstrap.Main;
import io.tweetstream.testkit.EmbeddedKafka;
import io.tweetstream.testkit.TestTopics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGTERM, as an orchestrator sends it, to a real job process (a child JVM running {@code Main run}, local Spark or
 * the in-process engine) while tweets are still arriving: the process exits 0, the last batch it delivered is
 * committed, and a restart in the same group re-reads nothing of it.
 */
class GracefulStopIT {

    private static final int FIRST = 2_000;
    private static final int TOTAL = 24_000;
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static EmbeddedKafka kafka;
    private static TestTopics topics;
    private final TweetCodec codec = AvroCodecs.factory(AvroCodecs.BINARY).create();

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
        topics = new TestTopics(kafka);
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @ParameterizedTest(name = "engine={0}")
    @ValueSource(strings = {"spark", "in-process"})
    void sigtermMidStreamExitsZeroCommitsTheLastBatchAndARestartRereadsNothing(String engine) throws Exception {
        String in = topics.create("sigterm-in", 3, Map.of());
        String out = topics.create("sigterm-out", 3, Map.of());
        topics.createNamed(in + ".dlq", 1, Map.of());
        String group = "sigterm-" + engine;
        topics.write(in, tweets(0, FIRST));
        Thread producer = new Thread(() -> {
            for (int from = FIRST; from < TOTAL; from += 500) {
                topics.write(in, tweets(from, 500));
                sleep(250); // about 2,000 tweets/s: still arriving when the job is stopped
            }
        }, "steady-input");
        producer.start();

        Process first = startJob(engine, in, out, group, "first");
        List<ConsumerRecord<byte[], byte[]>> before = topics.readAll(out, FIRST, WAIT);
        assertThat(before.size()).as("the job is under way").isGreaterThanOrEqualTo(FIRST);
        first.destroy(); // SIGTERM
        assertThat(first.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("stopped in time").isTrue();
        assertThat(first.exitValue()).as("exit status after SIGTERM; " + tail(engine, "first")).isZero();
        assertThat(producer.isAlive()).as("tweets were still arriving when the job stopped").isTrue();

        long committed = committedTotal(group);
        List<ConsumerRecord<byte[], byte[]>> delivered = topics.readAll(out, (int) committed, Duration.ofSeconds(20));
        assertThat(delivered).as("everything delivered before the stop is committed, nothing more")
                .hasSize((int) committed);
        assertThat(distinct(delivered)).isEqualTo(committed);
        producer.join();

        Process second = startJob(engine, in, out, group, "second");
        List<ConsumerRecord<byte[], byte[]>> all = topics.readUntilDistinct(out, TOTAL, this::text, WAIT);
        second.destroy();
        assertThat(second.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).as(tail(engine, "second")).isZero();

        assertThat(distinct(all)).as("nothing lost").isEqualTo(TOTAL);
        assertThat(all).as("the restart re-read nothing the first run had committed: no duplicate").hasSize(TOTAL);
        assertThat(committedTotal(group)).isEqualTo(TOTAL);
        System.out.printf("SIGTERM (%s): first run delivered and committed %,d of %,d, the restart the other %,d; "
                + "0 duplicates%n", engine, committed, TOTAL, TOTAL - committed);
    }

    private static Process startJob(String engine, String in, String out, String group, String name)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        for (String option : System.getProperty("tweetstream.spark.jvm.options", "").split(" ")) {
            if (!option.isBlank()) {
                command.add(option);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "run",
                "-D", "kafka.bootstrap.servers=" + kafka.bootstrapServers(),
                "-D", "input.topic=" + in, "-D", "output.topic=" + out, "-D", "kafka.group.id=" + group,
                "-D", "engine=" + engine,
                "-D", "spark.master=local[2]", "-D", "spark.batch-interval=500ms",
                "-D", "spark.max-rate-per-partition=1000",
                "-D", "spark.conf.spark.ui.enabled=false", "-D", "spark.conf.spark.driver.host=127.0.0.1",
                "-D", "in-process.readers=3", "-D", "kafka.consumer.max.poll.records=500"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log(engine, name).toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.start();
    }

    private static Path log(String engine, String name) throws IOException {
        Path dir = Path.of("target", "graceful-stop");
        Files.createDirectories(dir);
        return dir.resolve(engine + "-" + name + ".log");
    }

    private static String tail(String engine, String name) {
        try {
            List<String> lines = Files.readAllLines(log(engine, name), StandardCharsets.UTF_8);
            return "job log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "no job log: " + e.getMessage();
        }
    }

    private static long committedTotal(String group) {
        return topics.committed(group).values().stream().mapToLong(OffsetAndMetadata::offset).sum();
    }

    private long distinct(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(this::text).distinct().count();
    }

    private String text(ConsumerRecord<byte[], byte[]> record) {
        return ((DecodeResult.Success) codec.decode(record.value())).tweet().text();
    }

    private List<byte[][]> tweets(int from, int count) {
        return NumberedTweets.keyed(codec, from, count, 37, 1_732_500_000L);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
