package io.tweetstream.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.tweetstream.adapter.avro.AvroCodecs;
import io.tweetstream.application.fake.NumberedTweets;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.bootstrap.job.GroupLag;
import io.tweetstream.bootstrap.job.JobProcess;
import io.tweetstream.bootstrap.job.NumberedOutput;
import io.tweetstream.testkit.EmbeddedKafka;
import io.tweetstream.testkit.TestTopics;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A second job process started with the same consumer group (a deployment that forgot to stop the old one, or a
 * zombie the orchestrator thought dead) while the first runs mid-stream, {@code delivery=exactly-once}: the newer
 * one takes over the transactional ids (Spark: {@code Admin.fenceProducers} at start, one id per input partition;
 * in-process: each reader's id, opened before it subscribes), the older one is fenced and stops, and an independent
 * {@code read_committed} reader finds every tweet exactly once.
 */
class SameGroupTwiceIT {

    private static final int PARTITIONS = 3;
    private static final int BACKLOG = 10_000;
    private static final Duration WAIT = Duration.ofSeconds(120);

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
        if (kafka != null) {
            kafka.close();
        }
    }

    @ParameterizedTest(name = "engine={0}")
    @ValueSource(strings = {"spark", "in-process"})
    void theOlderJobIsFencedAndStopsAndEveryTweetArrivesOnce(String engine) throws Exception {
        String in = topics.create("twice-in", PARTITIONS, Map.of());
        String out = topics.create("twice-out", PARTITIONS, Map.of());
        topics.createNamed(in + ".dlq", 1, Map.of());
        String group = "twice-" + engine;
        Map<String, String> settings = Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(), "engine", engine, "delivery", "exactly-once",
                "input.topic", in, "output.topic", out, "kafka.group.id", group, "spark.batch-interval", "500ms");
        topics.write(in, NumberedTweets.keyed(codec, 0, BACKLOG, 37, 1_732_500_000L));

        int total;
        int olderExit;
        double olderStoppedAfter;
        String olderSaid;
        try (NumberedOutput output = new NumberedOutput(kafka.bootstrapServers(), out, codec);
             SteadyInput input = new SteadyInput(topics, in, codec, 1_000, BACKLOG).start();
             JobProcess older = JobProcess.start("twice-" + engine + "-older", settings)) {
            assertThat(output.awaitDistinct(BACKLOG, WAIT)).as("the older job is under way; " + older.tail(30))
                    .isTrue();
            try (JobProcess newer = JobProcess.start("twice-" + engine + "-newer", settings)) {
                long newerStarted = System.nanoTime();
                assertThat(older.await(WAIT)).as("the older job stops once fenced; " + older.tail(30)).isTrue();
                olderStoppedAfter = (System.nanoTime() - newerStarted) / 1e9;
                olderExit = older.exitValue();
                olderSaid = fenceMessage(older);
                int target = input.written() + 3_000;
                assertThat(output.awaitDistinct(target, WAIT)).as("the newer job delivers; " + newer.tail(30))
                        .isTrue();
                total = input.stop();
                assertThat(output.awaitAll(total, WAIT)).as("every tweet arrived; first missing "
                        + output.firstMissing(total) + "; " + newer.tail(30)).isTrue();
                assertThat(GroupLag.awaitCaughtUp(kafka.bootstrapServers(), group, in, WAIT))
                        .as("the newer job committed the whole input; " + newer.tail(30)).isTrue();
                assertThat(newer.isAlive()).as("the newer job runs on; " + newer.tail(30)).isTrue();
                newer.sigterm();
                assertThat(newer.await(WAIT)).isTrue();
                assertThat(newer.exitValue()).as("exit status after SIGTERM; " + newer.tail(30)).isZero();
            }
            output.readToEnd(Duration.ofSeconds(30));

            long committed = topics.committed(group).values().stream().mapToLong(OffsetAndMetadata::offset).sum();
            System.out.printf("two jobs with group %s (%s, exactly-once): the older stopped %.1f s after the newer "
                            + "started, exit %d (\"%s\"); %,d tweets in, %,d records out (read_committed), %,d "
                            + "distinct, %,d duplicates; committed %,d%n", group, engine, olderStoppedAfter, olderExit,
                    olderSaid, total, output.read(), output.distinct(), output.duplicates(), committed);
            assertThat(olderExit).as("the older job failed: it was fenced, not stopped").isEqualTo(1);
            assertThat(output.distinct()).as("nothing lost").isEqualTo(total);
            assertThat(output.foreign()).as("nothing but the input tweets").isZero();
            assertThat(output.duplicates()).as("nothing repeated").isZero();
            assertThat(output.read()).as("exactly the input").isEqualTo(total);
            assertThat(committed).as("the group's offsets are the input's end").isEqualTo(total);
        }
    }

    /** The first line of the job's log that says why it stopped: fenced by the newer job. */
    private static String fenceMessage(JobProcess job) throws IOException {
        try (var lines = Files.lines(job.log())) {
            return lines.filter(l -> l.contains("ProducerFencedException") || l.contains("InvalidProducerEpoch")
                    || l.contains("took over"))
                    .findFirst().map(l -> l.length() > 300 ? l.substring(0, 300) + "..." : l).orElse("(no fence "
                            + "message in " + job.log() + ")");
        }
    }
}
