package io.tweetstream.bootstrap.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.tweetstream.adapter.avro.AvroCodecs;
import io.tweetstream.application.fake.NumberedTweets;
import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.bootstrap.job.JobProcess;
import io.tweetstream.testkit.EmbeddedKafka;
import io.tweetstream.testkit.TestTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
    /** A bound on the input, should the job never get under way. */
    private static final int MAX = 200_000;
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
        // About 2,000 tweets/s, until some time after the first run stopped: still arriving when it is stopped, however
        // slowly a loaded machine starts the job.
        AtomicInteger written = new AtomicInteger(FIRST);
        AtomicBoolean firstStopped = new AtomicBoolean();
        Thread producer = new Thread(() -> {
            int afterStop = 0;
            while (written.get() < MAX && afterStop < 4) {
                topics.write(in, tweets(written.get(), 500));
                written.addAndGet(500);
                afterStop += firstStopped.get() ? 1 : 0;
                sleep(250);
            }
        }, "steady-input");
        producer.start();

        try (JobProcess first = startJob(engine, in, out, group, "first")) {
            List<ConsumerRecord<byte[], byte[]>> before = topics.readAll(out, FIRST, WAIT);
            assertThat(before.size()).as("the job is under way").isGreaterThanOrEqualTo(FIRST);
            first.sigterm();
            assertThat(first.await(WAIT)).as("stopped in time").isTrue();
            assertThat(first.exitValue()).as("exit status after SIGTERM; " + first.tail(30)).isZero();
        }
        firstStopped.set(true);
        assertThat(producer.isAlive()).as("tweets were still arriving when the job stopped").isTrue();

        long committed = committedTotal(group);
        List<ConsumerRecord<byte[], byte[]>> delivered = topics.readAll(out, (int) committed, Duration.ofSeconds(20));
        assertThat(delivered).as("everything delivered before the stop is committed, nothing more")
                .hasSize((int) committed);
        assertThat(distinct(delivered)).isEqualTo(committed);
        producer.join();
        int total = written.get();

        List<ConsumerRecord<byte[], byte[]>> all;
        try (JobProcess second = startJob(engine, in, out, group, "second")) {
            all = topics.readUntilDistinct(out, total, this::text, WAIT);
            second.sigterm();
            assertThat(second.await(WAIT)).isTrue();
            assertThat(second.exitValue()).as(second.tail(30)).isZero();
        }

        assertThat(distinct(all)).as("nothing lost").isEqualTo(total);
        assertThat(all).as("the restart re-read nothing the first run had committed: no duplicate").hasSize(total);
        assertThat(committedTotal(group)).isEqualTo(total);
        System.out.printf("SIGTERM (%s): first run delivered and committed %,d of %,d, the restart the other %,d; "
                + "0 duplicates%n", engine, committed, total, total - committed);
    }

    private static JobProcess startJob(String engine, String in, String out, String group, String name) {
        return JobProcess.start("sigterm-" + engine + "-" + name, Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "input.topic", in, "output.topic", out, "kafka.group.id", group, "engine", engine,
                "spark.batch-interval", "500ms", "spark.max-rate-per-partition", "1000",
                "in-process.readers", "3", "kafka.consumer.max.poll.records", "500"));
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
