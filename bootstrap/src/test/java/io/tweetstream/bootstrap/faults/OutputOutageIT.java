package io.tweetstream.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tweetstream.adapter.avro.AvroCodecs;
import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.bootstrap.job.JobProcess;
import io.tweetstream.testkit.EmbeddedKafka;
import io.tweetstream.testkit.TestTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The output cluster unreachable while tweets keep arriving: the job reads from one cluster and writes to another
 * ({@code output.bootstrap.servers}), and the output's only broker is killed with SIGKILL, then restarted on the same
 * ports and data. A delivery waits up to the producer's {@code delivery.timeout.ms} (120 s by default): through a
 * 30 s outage the job keeps running and carries on; an outage longer than that bound fails the batch, nothing of it
 * committed, the job exits 1, and a restart delivers everything. Each run ends with an independent
 * {@code read_committed} consumer that finds every input tweet in the output by its text.
 */
class OutputOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int PARTITIONS = 3;
    private static final int CORRUPT = 5;

    private static EmbeddedKafka inputKafka;
    private static EmbeddedKafka outputKafka;
    private static TestTopics inputTopics;
    private static TestTopics outputTopics;
    private final TweetCodec codec = AvroCodecs.factory(AvroCodecs.BINARY).create();

    @BeforeAll
    static void startClusters() {
        inputKafka = EmbeddedKafka.start();
        outputKafka = EmbeddedKafka.start();
        inputTopics = new TestTopics(inputKafka);
        outputTopics = new TestTopics(outputKafka);
    }

    @AfterAll
    static void stopClusters() {
        if (inputKafka != null) {
            inputKafka.close();
        }
        if (outputKafka != null) {
            outputKafka.close();
        }
    }

    @ParameterizedTest(name = "engine={0}")
    @ValueSource(strings = {"spark", "in-process"})
    void anOutageShorterThanTheDeliveryTimeoutIsWaitedThroughAndNothingIsLost(String engine) throws Exception {
        String in = inputTopics.create("outage-in", PARTITIONS, Map.of());
        String deadLetters = inputTopics.createNamed(in + ".dlq", 1, Map.of());
        String out = outputTopics.create("outage-out", PARTITIONS, Map.of());
        // undecodable records: their dead letters belong on the input's cluster, not the output's
        inputTopics.write(in, IntStream.range(0, CORRUPT)
                .mapToObj(i -> new byte[][] {("corrupt-" + i).getBytes(StandardCharsets.UTF_8), new byte[0]})
                .toList());

        int written;
        List<ConsumerRecord<byte[], byte[]>> delivered;
        Duration restartTook;
        Duration resumedAfter;
        Duration stall;
        try (SteadyInput input = new SteadyInput(inputTopics, in, codec, 1_000).start();
             JobProcess job = startJob("outage-" + engine, engine, in, out, Map.of());
             OutputWatch watch = new OutputWatch(outputKafka.bootstrapServers(), out, PARTITIONS).start()) {
            await("the job is under way").atMost(WAIT).until(() -> watch.records() >= 2_000 || !job.isAlive());
            assertThat(job.isAlive()).as(job.tail(30)).isTrue();

            outputKafka.kill(1);
            long before = watch.records();
            Thread.sleep(OUTAGE.toMillis());
            assertThat(job.isAlive()).as("the job waits through the outage; " + job.tail(30)).isTrue();

            long restartStart = System.nanoTime();
            outputKafka.restart(1);
            restartTook = Duration.ofNanos(System.nanoTime() - restartStart);
            resumedAfter = watch.awaitGrowthPast(before, WAIT);
            assertThat(resumedAfter).as("the output grows again once its cluster is back; " + job.tail(30))
                    .isNotNull();
            int target = input.written() + 2_000;
            await("more tweets arrive after the outage").atMost(WAIT).until(() -> input.written() >= target);
            written = input.stop();

            delivered = outputTopics.readUntilDistinct(out, written, this::text, WAIT);
            stall = watch.longestStall();
            assertThat(job.isAlive()).as("the job kept running; " + job.tail(30)).isTrue();
            job.sigterm();
            assertThat(job.await(WAIT)).as("stopped in time").isTrue();
            assertThat(job.exitValue()).as("exit status after SIGTERM; " + job.tail(30)).isZero();
        }

        assertEveryTweetArrived(written, delivered);
        assertThat(inputTopics.readAll(deadLetters, CORRUPT, Duration.ofSeconds(30)))
                .as("dead letters on the input's cluster")
                .extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsAll(
                        IntStream.range(0, CORRUPT).mapToObj(i -> "corrupt-" + i).toList());
        System.out.printf("output cluster down %d s (%s): in %,d, out %,d, duplicates %,d; output stalled %.1f s; "
                        + "broker restart took %.1f s, the output grew again %.1f s after it; job alive throughout, "
                        + "exit 0 after SIGTERM%n", OUTAGE.toSeconds(), engine, written, delivered.size(),
                delivered.size() - written, seconds(stall), seconds(restartTook), seconds(resumedAfter));
    }

    @ParameterizedTest(name = "engine={0}")
    @ValueSource(strings = {"spark", "in-process"})
    void anOutageLongerThanTheDeliveryTimeoutFailsTheJobAndARestartDeliversEverything(String engine)
            throws Exception {
        String in = inputTopics.create("long-outage-in", PARTITIONS, Map.of());
        inputTopics.createNamed(in + ".dlq", 1, Map.of());
        String out = outputTopics.create("long-outage-out", PARTITIONS, Map.of());
        // The bound, shortened so the test fails the batch in seconds: delivery.timeout.ms for what was sent (120 s
        // by default), and max.block.ms for a producer created during the outage, whose first send waits for the
        // cluster's metadata (60 s by default).
        Map<String, String> shortBound = Map.of("kafka.producer.delivery.timeout.ms", "10000",
                "kafka.producer.request.timeout.ms", "5000", "kafka.producer.max.block.ms", "10000");

        int written;
        List<ConsumerRecord<byte[], byte[]>> delivered;
        Duration failedAfter;
        try (SteadyInput input = new SteadyInput(inputTopics, in, codec, 1_000).start()) {
            try (JobProcess first = startJob("long-outage-" + engine + "-first", engine, in, out, shortBound);
                 OutputWatch watch = new OutputWatch(outputKafka.bootstrapServers(), out, PARTITIONS).start()) {
                await("the job is under way").atMost(WAIT).until(() -> watch.records() >= 2_000 || !first.isAlive());
                assertThat(first.isAlive()).as(first.tail(30)).isTrue();
                outputKafka.kill(1);
                long killed = System.nanoTime();
                assertThat(first.await(WAIT)).as("the job gives up once the delivery timeout passed").isTrue();
                failedAfter = Duration.ofNanos(System.nanoTime() - killed);
                assertThat(first.exitValue()).as("a batch that could not be delivered; " + first.tail(30))
                        .isEqualTo(1);
            }
            outputKafka.restart(1);
            int target = input.written() + 2_000;
            await("more tweets arrive after the outage").atMost(WAIT).until(() -> input.written() >= target);
            written = input.stop();
        }
        try (JobProcess second = startJob("long-outage-" + engine + "-second", engine, in, out, shortBound)) {
            delivered = outputTopics.readUntilDistinct(out, written, this::text, WAIT);
            second.sigterm();
            assertThat(second.await(WAIT)).as("stopped in time").isTrue();
            assertThat(second.exitValue()).as(second.tail(30)).isZero();
        }

        assertEveryTweetArrived(written, delivered);
        System.out.printf("output cluster down longer than delivery.timeout.ms=10 s, max.block.ms=10 s (%s): the job exited 1 after "
                        + "%.1f s; after the restart in %,d, out %,d, duplicates %,d%n", engine, seconds(failedAfter),
                written, delivered.size(), delivered.size() - written);
    }

    private void assertEveryTweetArrived(int written, List<ConsumerRecord<byte[], byte[]>> delivered) {
        Set<String> texts = delivered.stream().map(this::text).collect(Collectors.toSet());
        Set<String> expected = IntStream.range(0, written).mapToObj(i -> "tweet " + i).collect(Collectors.toSet());
        assertThat(texts).as("every input tweet, by its text, and nothing else").isEqualTo(expected);
    }

    /** {@code name} names the log; runs of one test share the consumer group {@code in}. */
    private static JobProcess startJob(String name, String engine, String in, String out,
                                       Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "kafka.bootstrap.servers", inputKafka.bootstrapServers(),
                "output.bootstrap.servers", outputKafka.bootstrapServers(),
                "input.topic", in, "output.topic", out, "kafka.group.id", in, "engine", engine,
                "spark.batch-interval", "500ms", "spark.max-rate-per-partition", "2000",
                "in-process.readers", "3", "kafka.consumer.max.poll.records", "500"));
        settings.putAll(extra);
        return JobProcess.start(name, settings);
    }

    private String text(ConsumerRecord<byte[], byte[]> record) {
        return ((DecodeResult.Success) codec.decode(record.value())).tweet().text();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
