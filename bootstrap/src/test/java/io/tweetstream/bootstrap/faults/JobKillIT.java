package io.tweetstream.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.tweetstream.adapter.avro.AvroCodecs;
import io.tweetstream.application.fake.NumberedTweets;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.bootstrap.config.TweetstreamConfig;
import io.tweetstream.bootstrap.job.GroupLag;
import io.tweetstream.bootstrap.job.JobProcess;
import io.tweetstream.bootstrap.job.NumberedOutput;
import io.tweetstream.testkit.EmbeddedKafka;
import io.tweetstream.testkit.TestTopics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kill -9 to a real job process (a child JVM running {@code Main run}, local Spark or the in-process engine) while it
 * catches up a backlog and more tweets keep arriving, then a restart in the same group: every tweet arrives (checked
 * by content with an independent read_committed reader), and the duplicates stay within what the default caps let
 * one batch (Spark) or one poll per reader (in-process) hold, a bound derived here from the job's own settings. With
 * {@code delivery=exactly-once} the same kill repeats nothing: what the killed run had not committed was in an open
 * transaction, which the restart aborts by taking over its transactional ids.
 */
class JobKillIT {

    private static final int PARTITIONS = 3;
    /** Larger than the Spark bound (2 batches of 12,500 records per partition at 500 ms), so a regression shows. */
    private static final int BACKLOG = 150_000;
    /** Killed once this many tweets arrived: more than the bound, so an unbounded first batch would exceed it. */
    private static final int KILL_AT = 90_000;
    private static final int CHUNK = 500;
    private static final Duration WAIT = Duration.ofSeconds(120);
    /** Exactly once: a short backlog then a steady stream; the kill comes mid-stream, whatever its timing. */
    private static final int EOS_BACKLOG = 20_000;
    private static final int EOS_KILL_AT = 15_000;

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
    void sigkillDuringACatchUpLosesNothingAndDuplicatesAtMostWhatTheDefaultCapsLetInFlight(String engine)
            throws Exception {
        String in = topics.create("kill-in", PARTITIONS, Map.of());
        String out = topics.create("kill-out", PARTITIONS, Map.of());
        topics.createNamed(in + ".dlq", 1, Map.of());
        Map<String, String> settings = new LinkedHashMap<>(Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(), "engine", engine,
                "input.topic", in, "output.topic", out, "kafka.group.id", "kill-" + engine,
                "spark.batch-interval", "500ms")); // rate caps and poll sizes stay at their defaults
        long bound = redeliveryBound(engine, settings);
        for (int from = 0; from < BACKLOG; from += 10_000) {
            topics.write(in, tweets(from, 10_000));
        }
        AtomicInteger written = new AtomicInteger(BACKLOG);
        AtomicBoolean killed = new AtomicBoolean();
        Thread producer = new Thread(() -> steadyInput(in, written, killed), "steady-input");
        producer.setDaemon(true); // a failed test leaves no writer behind
        producer.start();

        try (NumberedOutput output = new NumberedOutput(kafka.bootstrapServers(), out, codec)) {
            try (JobProcess first = JobProcess.start("kill-" + engine + "-first", settings)) {
                assertThat(output.awaitDistinct(KILL_AT, WAIT)).as("the job is under way; " + first.tail(30)).isTrue();
                first.sigkill();
                killed.set(true);
                assertThat(first.exitValue()).as("ended by SIGKILL").isEqualTo(128 + 9);
            }
            int beforeRestart = output.distinct();
            long restart = System.nanoTime();
            try (JobProcess second = JobProcess.start("kill-" + engine + "-second", settings)) {
                producer.join();
                int total = written.get();
                assertThat(output.awaitAll(total, WAIT)).as("every tweet arrived after the restart; first missing "
                        + output.firstMissing(total) + "; " + second.tail(30)).isTrue();
                double recovered = (System.nanoTime() - restart) / 1e9;
                // Every tweet out is not the end: the restart may still re-deliver what the kill left uncommitted.
                assertThat(GroupLag.awaitCaughtUp(kafka.bootstrapServers(), "kill-" + engine, in, WAIT))
                        .as("the restarted job committed the whole input; " + second.tail(30)).isTrue();
                second.sigterm();
                assertThat(second.await(WAIT)).isTrue();
                output.readToEnd(Duration.ofSeconds(30));

                System.out.printf("SIGKILL (%s): %,d tweets in; killed after %,d had arrived; %,d records out, "
                        + "%,d distinct, %,d duplicates (bound %,d); restart to complete %.1f s%n", engine, total,
                        beforeRestart, output.read(), output.distinct(), output.duplicates(), bound, recovered);
                assertThat(output.distinct()).as("nothing lost").isEqualTo(total);
                assertThat(output.firstMissing(total)).isEqualTo(-1);
                assertThat(output.foreign()).as("nothing but the input tweets").isZero();
                assertThat(output.duplicates()).as("duplicates within what the caps let be in flight")
                        .isLessThanOrEqualTo(bound);
            }
        }
    }

    @ParameterizedTest(name = "engine={0}")
    @ValueSource(strings = {"spark", "in-process"})
    void sigkillMidStreamWithExactlyOnceDeliveryRepeatsNothingAndLosesNothing(String engine) throws Exception {
        String in = topics.create("eos-kill-in", PARTITIONS, Map.of());
        String out = topics.create("eos-kill-out", PARTITIONS, Map.of());
        topics.createNamed(in + ".dlq", 1, Map.of());
        String group = "eos-kill-" + engine;
        Map<String, String> settings = Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(), "engine", engine, "delivery", "exactly-once",
                "input.topic", in, "output.topic", out, "kafka.group.id", group, "spark.batch-interval", "500ms");
        for (int from = 0; from < EOS_BACKLOG; from += 10_000) {
            topics.write(in, tweets(from, 10_000));
        }

        int total;
        int beforeRestart;
        long blockedAtKill;
        Duration unblockedAfterKill;
        Duration restartToUnblocked;
        double recovered;
        try (NumberedOutput output = new NumberedOutput(kafka.bootstrapServers(), out, codec);
             LastStableOffsets stable = new LastStableOffsets(kafka.bootstrapServers(), out, PARTITIONS);
             SteadyInput input = new SteadyInput(topics, in, codec, 2_000, EOS_BACKLOG).start()) {
            Map<TopicPartition, Long> logEndsAtKill;
            long killedAt;
            try (JobProcess first = JobProcess.start("eos-kill-" + engine + "-first", settings)) {
                assertThat(output.awaitDistinct(EOS_KILL_AT, WAIT)).as("the job is under way; " + first.tail(30))
                        .isTrue();
                first.sigkill();
                killedAt = System.nanoTime();
                assertThat(first.exitValue()).as("ended by SIGKILL").isEqualTo(128 + 9);
                logEndsAtKill = stable.logEnds();
                blockedAtKill = stable.blockedRecords();
            }
            output.readToEnd(Duration.ofSeconds(5));
            beforeRestart = output.distinct();
            long restart = System.nanoTime();
            try (JobProcess second = JobProcess.start("eos-kill-" + engine + "-second", settings)) {
                // read_committed readers stand still until the killed run's open transactions are aborted
                restartToUnblocked = stable.awaitStablePast(logEndsAtKill, WAIT);
                assertThat(restartToUnblocked).as("the restart aborts what the killed run left open; "
                        + second.tail(30)).isNotNull();
                unblockedAfterKill = Duration.ofNanos(System.nanoTime() - killedAt);
                assertThat(output.awaitDistinct(beforeRestart + 2_000, WAIT))
                        .as("the restart delivers; " + second.tail(30)).isTrue();
                total = input.stop();
                assertThat(output.awaitAll(total, WAIT)).as("every tweet arrived after the restart; first missing "
                        + output.firstMissing(total) + "; " + second.tail(30)).isTrue();
                recovered = (System.nanoTime() - restart) / 1e9;
                assertThat(GroupLag.awaitCaughtUp(kafka.bootstrapServers(), group, in, WAIT))
                        .as("the restarted job committed the whole input; " + second.tail(30)).isTrue();
                second.sigterm();
                assertThat(second.await(WAIT)).isTrue();
                assertThat(second.exitValue()).as("exit status after SIGTERM; " + second.tail(30)).isZero();
            }
            output.readToEnd(Duration.ofSeconds(30));

            long committed = topics.committed(group).values().stream().mapToLong(OffsetAndMetadata::offset).sum();
            System.out.printf("SIGKILL, exactly-once (%s): %,d tweets in; killed after %,d had arrived; %,d records "
                            + "out (read_committed), %,d distinct, %,d duplicates; committed %,d; %,d records of open "
                            + "transactions at the kill; read_committed readers blocked %.1f s after the kill (%.1f s "
                            + "after the restart began); restart to complete %.1f s%n", engine, total, beforeRestart,
                    output.read(), output.distinct(), output.duplicates(), committed, blockedAtKill,
                    seconds(unblockedAfterKill), seconds(restartToUnblocked), recovered);
            assertThat(output.distinct()).as("nothing lost").isEqualTo(total);
            assertThat(output.foreign()).as("nothing but the input tweets").isZero();
            assertThat(output.duplicates()).as("nothing repeated").isZero();
            assertThat(output.read()).as("exactly the input").isEqualTo(total);
            assertThat(committed).as("the group's offsets are the input's end").isEqualTo(total);
        }
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    /**
     * What a crash can make the job write twice, from the settings it runs with. Spark: two batches, the one being
     * written and the one delivered before it, whose offsets Spark commits only with the next batch; a batch holds at
     * most the per-partition cap times the interval per partition. In-process: one poll per reader, since each
     * reader commits a poll before it takes the next.
     */
    private static long redeliveryBound(String engine, Map<String, String> settings) {
        Map<String, String> all = JobProcess.localDefaults();
        all.putAll(settings);
        TweetstreamConfig config = TweetstreamConfig.load(null, all, null);
        if (engine.equals("spark")) {
            return 2 * PARTITIONS * config.spark().maxRecordsPerPartitionPerBatch().orElseThrow();
        }
        return (long) config.inProcess().readers().orElse(PARTITIONS) * config.inProcess().maxPollRecords();
    }

    /**
     * About 5,000 tweets/s until a few seconds after the kill (or after {@link #WAIT}, should no kill come): input
     * keeps arriving across the crash.
     */
    private void steadyInput(String in, AtomicInteger written, AtomicBoolean killed) {
        long stopAt = System.nanoTime() + WAIT.toNanos();
        boolean afterKill = false;
        while (System.nanoTime() < stopAt) {
            topics.write(in, tweets(written.get(), CHUNK));
            written.addAndGet(CHUNK);
            if (killed.get() && !afterKill) {
                afterKill = true;
                stopAt = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private List<byte[][]> tweets(int from, int count) {
        return NumberedTweets.keyed(codec, from, count, 37, 1_732_500_000L);
    }
}
