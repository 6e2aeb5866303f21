package io.tweetstream.bootstrap.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tweetstream.adapter.avro.AvroCodecs;
import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.bootstrap.job.JobProcess;
import io.tweetstream.testkit.EmbeddedKafka;
import io.tweetstream.testkit.TestTopics;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A 3-broker cluster (input, output and dead-letter topics replicated 3 times, {@code min.insync.replicas=2}) loses
 * a broker to SIGKILL while the job runs and tweets keep arriving, and gets it back some seconds later: the job (a
 * real job process) keeps running, and an independent {@code read_committed} consumer finds every input tweet in the
 * output by its text. The broker killed is the one that leads the most of the job's partitions, the group's
 * coordinator on a tie: the most work moves.
 */
class BrokerFailoverIT {

    private static final int PARTITIONS = 3;
    private static final Duration DOWN = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Map<String, String> REPLICATED = Map.of("min.insync.replicas", "2");

    private static EmbeddedKafka kafka;
    private static TestTopics topics;
    private final TweetCodec codec = AvroCodecs.factory(AvroCodecs.BINARY).create();

    @BeforeAll
    static void startCluster() {
        kafka = EmbeddedKafka.start(3);
        topics = new TestTopics(kafka);
    }

    @AfterAll
    static void stopCluster() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @ParameterizedTest(name = "engine={0}")
    @ValueSource(strings = {"spark", "in-process"})
    void aBrokerKilledAndRestartedWhileTheJobRunsLosesNothingAndTheJobKeepsRunning(String engine) throws Exception {
        String in = topics.create("failover-in", PARTITIONS, 3, REPLICATED);
        topics.createNamed(in + ".dlq", 1, 3, REPLICATED);
        String out = topics.create("failover-out", PARTITIONS, 3, REPLICATED);

        int written;
        List<ConsumerRecord<byte[], byte[]>> delivered;
        Victim victim;
        Duration stall;
        try (SteadyInput input = new SteadyInput(topics, in, codec, 1_000).start();
             JobProcess job = startJob(engine, in, out);
             OutputWatch watch = new OutputWatch(kafka.bootstrapServers(), out, PARTITIONS).start()) {
            await("the job is under way").atMost(WAIT).until(() -> watch.records() >= 2_000 || !job.isAlive());
            assertThat(job.isAlive()).as(job.tail(30)).isTrue();

            victim = busiestBroker(in, out, in);
            kafka.kill(victim.node());
            Thread.sleep(DOWN.toMillis());
            assertThat(job.isAlive()).as("the job runs on with two brokers; " + job.tail(30)).isTrue();
            kafka.restart(victim.node());

            int target = input.written() + 2_000;
            await("more tweets arrive after the restart").atMost(WAIT).until(() -> input.written() >= target);
            written = input.stop();
            delivered = topics.readUntilDistinct(out, written, this::text, WAIT);
            stall = watch.longestStall();
            assertThat(job.isAlive()).as("the job kept running; " + job.tail(30)).isTrue();
            job.sigterm();
            assertThat(job.await(WAIT)).as("stopped in time").isTrue();
            assertThat(job.exitValue()).as("exit status after SIGTERM; " + job.tail(30)).isZero();
        }

        Set<String> texts = delivered.stream().map(this::text).collect(Collectors.toSet());
        assertThat(texts).as("every input tweet, by its text, and nothing else")
                .isEqualTo(IntStream.range(0, written).mapToObj(i -> "tweet " + i).collect(Collectors.toSet()));
        System.out.printf("broker %d of 3 killed for %d s, then restarted (%s; it led %d of %d partitions%s): in %,d, "
                        + "out %,d, duplicates %,d; output stalled %.1f s at most; job alive throughout, exit 0 after "
                        + "SIGTERM%n", victim.node(), DOWN.toSeconds(), engine, victim.leaderships(), 2 * PARTITIONS,
                victim.coordinator() ? ", and coordinated the group" : "", written, delivered.size(),
                delivered.size() - written, stall.toMillis() / 1000.0);
    }

    private record Victim(int node, int leaderships, boolean coordinator) {
    }

    /** The broker leading the most partitions of the job's input and output; on a tie, the group's coordinator. */
    private static Victim busiestBroker(String in, String out, String group) throws Exception {
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            Map<Integer, Integer> leaderships = new TreeMap<>();
            for (int node = 1; node <= 3; node++) {
                leaderships.put(node, 0);
            }
            for (TopicDescription topic : admin.describeTopics(List.of(in, out)).allTopicNames().get().values()) {
                topic.partitions().forEach(p -> leaderships.merge(p.leader().id(), 1, Integer::sum));
            }
            int coordinator = admin.describeConsumerGroups(List.of(group)).all().get().get(group).coordinator().id();
            int node = leaderships.keySet().stream()
                    .max(Comparator.<Integer>comparingInt(leaderships::get)
                            .thenComparing(n -> n == coordinator))
                    .orElseThrow();
            return new Victim(node, leaderships.get(node), node == coordinator);
        }
    }

    /** The job's consumer group is named after its input topic. */
    private static JobProcess startJob(String engine, String in, String out) {
        return JobProcess.start("failover-" + engine, Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "input.topic", in, "output.topic", out, "kafka.group.id", in, "engine", engine,
                "spark.batch-interval", "500ms", "spark.max-rate-per-partition", "2000",
                "in-process.readers", "3", "kafka.consumer.max.poll.records", "500"));
    }

    private String text(ConsumerRecord<byte[], byte[]> record) {
        return ((DecodeResult.Success) codec.decode(record.value())).tweet().text();
    }
}
