package io.tweetstream.adapter.inprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tweetstream.adapter.kafka.KafkaSinkFactories;
import io.tweetstream.application.fake.FakeTweetCodec;
import io.tweetstream.application.fake.NumberedTweets;
import io.tweetstream.application.lifecycle.PipelineFailedException;
import io.tweetstream.application.message.DeliveryFailedException;
import io.tweetstream.application.message.OutputRecord;
import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.TaskResources;
import io.tweetstream.application.port.out.TweetSink;
import io.tweetstream.application.port.out.TweetSinkFactory;
import io.tweetstream.application.service.PipelineCounters;
import io.tweetstream.application.service.ProcessBatchServiceFactory;
import io.tweetstream.domain.Tweet;
import io.tweetstream.testkit.EmbeddedKafka;
import io.tweetstream.testkit.TestTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The in-process engine with {@code delivery=exactly-once}, on a real broker: every output is checked with an
 * independent {@code read_committed} consumer, by content, against the input: nothing lost, nothing twice, also when
 * a transaction fails after its records were sent and when a second job with the same group takes over.
 */
class InProcessExactlyOnceIT {

    private static final Duration WAIT = Duration.ofSeconds(120);

    private static EmbeddedKafka kafka;
    private static TestTopics topics;

    private final FakeTweetCodec codec = new FakeTweetCodec();
    private final List<InProcessEngine> engines = new ArrayList<>();

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
        topics = new TestTopics(kafka);
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @AfterEach
    void stopEngines() {
        for (InProcessEngine engine : engines) {
            engine.stop(false);
        }
    }

    @Test
    void theOriginalSpecThreeTweetsComeOutEqualAndInOrder() {
        Topics t = topics("eos-spec", 1);
        List<Tweet> spec = List.of(
                new Tweet("ANY_USER_1", "ANY_TEXT_1", Instant.now().getEpochSecond()),
                new Tweet("ANY_USER_2", "ANY_TEXT_2", 0L),
                new Tweet("ANY_USER_3", "ANY_TEXT_3", 1234L));
        topics.write(t.in, spec.stream().map(tweet -> new byte[][] {null, codec.encode(tweet)}).toList());
        PipelineCounters metrics = new PipelineCounters();
        String group = group();

        InProcessEngine engine = start(t, group, pipeline(t, t.outputs()), metrics, Map.of());
        List<ConsumerRecord<byte[], byte[]>> output = topics.readAll(t.out, 3, WAIT);
        awaitCommitted(group, t.in, 3);
        engine.stop(true);

        assertThat(output).extracting(r -> decode(r.value())).containsExactlyElementsOf(spec);
        assertThat(metrics.consumed()).isEqualTo(3);
        assertThat(metrics.produced()).isEqualTo(3);
    }

    @Test
    void tenThousandTweetsWithDeadLettersComeOutExactlyOnce() {
        Topics t = topics("eos-10k", 3);
        List<byte[][]> records = new ArrayList<>();
        List<String> badOnes = new ArrayList<>();
        for (byte[][] tweet : tweets(0, 10_000)) {
            records.add(tweet);
            if (records.size() % 20 == 0) { // an undecodable record after every 19 tweets
                String bad = "bad " + badOnes.size();
                badOnes.add(bad);
                records.add(new byte[][] {null, bad.getBytes(StandardCharsets.UTF_8)});
            }
        }
        topics.write(t.in, records);
        PipelineCounters metrics = new PipelineCounters();
        String group = group();

        InProcessEngine engine = start(t, group, pipeline(t, t.outputs()), metrics, Map.of("max.poll.records", "500"));
        List<ConsumerRecord<byte[], byte[]>> output = topics.readAll(t.out, 10_000, WAIT);
        List<ConsumerRecord<byte[], byte[]>> dead = topics.readAll(t.dlq, badOnes.size(), WAIT);
        awaitCommitted(group, t.in, records.size());
        engine.stop(true);

        assertThat(texts(output)).as("every tweet once, read_committed").hasSize(10_000)
                .containsExactlyInAnyOrderElementsOf(numbered(0, 10_000));
        assertThat(dead).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).as("exactly the bad ones")
                .containsExactlyInAnyOrderElementsOf(badOnes);
        assertThat(metrics.consumed()).isEqualTo(records.size());
        System.out.printf("exactly once, 10k: %,d in (%,d undecodable), %,d out, %,d dead letters, %,d duplicates%n",
                records.size(), badOnes.size(), output.size(), dead.size(),
                output.size() - texts(output).stream().distinct().count());
    }

    @Test
    void aTransactionFailingAfterItsSendsIsAbortedAndReadAgainWithoutADuplicate() {
        Topics t = topics("eos-abort", 3);
        topics.write(t.in, tweets(0, 3_000));
        PipelineCounters metrics = new PipelineCounters();
        String group = group();
        FlushFailsOnce failing = new FlushFailsOnce(t.outputs(), 3);

        InProcessEngine engine = start(t, group, pipeline(t, failing), metrics, Map.of("max.poll.records", "200"));
        List<ConsumerRecord<byte[], byte[]>> output = topics.readAll(t.out, 3_000, WAIT);
        awaitCommitted(group, t.in, 3_000);
        engine.stop(true);

        assertThat(failing.failed()).as("the injected failure happened").isTrue();
        int onTheLog = readUncommitted(t.out);
        assertThat(onTheLog).as("the aborted transaction's records are on the log, only invisible").isGreaterThan(3_000);
        assertThat(texts(output)).as("every tweet once, read_committed").hasSize(3_000)
                .containsExactlyInAnyOrderElementsOf(numbered(0, 3_000));
        System.out.printf("exactly once, failed transaction: 3,000 in, %,d out (read_committed), %,d records on the "
                + "log including the aborted ones, %,d duplicates%n", output.size(), onTheLog,
                output.size() - texts(output).stream().distinct().count());
    }

    @Test
    void aSecondJobWithTheSameGroupFencesTheFirstWithoutADuplicate() throws Exception {
        Topics t = topics("eos-fence", 3);
        topics.write(t.in, tweets(0, 20_000));
        String group = group();
        PipelineCounters first = new PipelineCounters();
        PipelineCounters second = new PipelineCounters();
        Map<String, String> small = Map.of("max.poll.records", "100");

        InProcessEngine older = start(t, group, pipeline(t, t.outputs()), first, withClientId(small, "older"));
        topics.readAll(t.out, 1, WAIT); // the older job is under way
        InProcessEngine newer = start(t, group, pipeline(t, t.outputs()), second, withClientId(small, "newer"));
        topics.write(t.in, tweets(20_000, 5_000));
        List<ConsumerRecord<byte[], byte[]>> output = topics.readAll(t.out, 25_000, WAIT);
        awaitCommitted(group, t.in, 25_000);

        String olderEnd;
        try {
            older.awaitTermination(Duration.ofSeconds(1));
            assertThat(onlyMembersWithPartitions(group)).as("the older job still runs: it holds no partition")
                    .allMatch(m -> m.clientId().equals("newer"));
            olderEnd = "lost its partitions";
        } catch (PipelineFailedException fenced) {
            assertThat(fenced).hasMessageContaining("took over");
            olderEnd = "fenced and stopped";
        }
        newer.stop(true);

        assertThat(texts(output)).as("every tweet once, read_committed").hasSize(25_000)
                .containsExactlyInAnyOrderElementsOf(numbered(0, 25_000));
        assertThat(second.consumed()).as("the newer job took over").isPositive();
        System.out.printf("exactly once, second job: older consumed %,d then %s, newer consumed %,d; 25,000 in, "
                + "%,d out, %,d duplicates%n", first.consumed(), olderEnd, second.consumed(), output.size(),
                output.size() - texts(output).stream().distinct().count());
    }

    /** The group's members that hold partitions. */
    private static List<MemberDescription> onlyMembersWithPartitions(String group) throws Exception {
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            return description.members().stream()
                    .filter(m -> !m.assignment().topicPartitions().isEmpty()).toList();
        }
    }

    private InProcessEngine start(Topics t, String group, ProcessBatchServiceFactory pipeline, PipelineCounters metrics,
                                  Map<String, String> consumerConfig) {
        InProcessEngineSettings settings = new InProcessEngineSettings(kafka.bootstrapServers(), t.in, group,
                "earliest", consumerConfig, OptionalInt.empty(), Duration.ofMillis(100), 30, true);
        InProcessEngine engine = new InProcessEngine(settings, pipeline, metrics);
        engines.add(engine);
        engine.start();
        return engine;
    }

    /** The contract's pipeline, exactly once: a new one per job, as a job builds it. */
    private ProcessBatchServiceFactory pipeline(Topics t, TweetSinkFactory outputs) {
        return new ProcessBatchServiceFactory(FakeTweetCodec::new, "identity", outputs,
                KafkaSinkFactories.deadLetters(kafka.bootstrapServers(), t.dlq))
                .withExactlyOnce(KafkaSinkFactories.transactions(kafka.bootstrapServers(), Map.of()));
    }

    /** Until the group committed the whole input: the transactions of the last polls are complete. */
    private static void awaitCommitted(String group, String topic, long records) {
        await("group " + group + " committed " + records + " records of " + topic).atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> topics.committed(group).entrySet().stream()
                        .filter(e -> e.getKey().topic().equals(topic))
                        .mapToLong(e -> e.getValue().offset()).sum() >= records);
    }

    /** Every record of the topic as a {@code read_uncommitted} reader sees them: aborted ones included. */
    private static int readUncommitted(String topic) {
        Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            int count = 0;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                count += consumer.poll(Duration.ofMillis(200)).count();
            }
            return count;
        }
    }

    /**
     * The Kafka output sink, whose {@code flush} fails once, on the {@code failOn}-th flush that delivered records:
     * after its records were sent and acknowledged inside the transaction, before the commit.
     */
    private record FlushFailsOnce(TweetSinkFactory delegate, int failOn, AtomicInteger flushes)
            implements TweetSinkFactory {

        FlushFailsOnce(TweetSinkFactory delegate, int failOn) {
            this(delegate, failOn, new AtomicInteger());
        }

        boolean failed() {
            return flushes.get() >= failOn;
        }

        @Override
        public TweetSink create(TaskResources shared) {
            TweetSink sink = delegate.create(shared);
            return new TweetSink() {
                @Override
                public void open() {
                    sink.open();
                }

                @Override
                public void write(OutputRecord record) {
                    sink.write(record);
                }

                @Override
                public long flush() {
                    long acknowledged = sink.flush();
                    if (acknowledged > 0 && flushes.incrementAndGet() == failOn) {
                        throw new DeliveryFailedException("injected: flush " + failOn + " fails after its "
                                + acknowledged + " records were sent", acknowledged, null);
                    }
                    return acknowledged;
                }

                @Override
                public void close() {
                    sink.close();
                }
            };
        }
    }

    private record Topics(String in, String out, String dlq) {
        TweetSinkFactory outputs() {
            return KafkaSinkFactories.tweets(kafka.bootstrapServers(), out);
        }
    }

    private static Topics topics(String prefix, int partitions) {
        String in = topics.create(prefix + "-in", partitions, Map.of());
        return new Topics(in, topics.create(prefix + "-out", partitions, Map.of()),
                topics.createNamed(in + ".dlq", 1, Map.of()));
    }

    private static Map<String, String> withClientId(Map<String, String> config, String clientId) {
        Map<String, String> with = new HashMap<>(config);
        with.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return with;
    }

    private List<byte[][]> tweets(int from, int count) {
        return NumberedTweets.keyed(codec, from, count, 37, 0);
    }

    private List<String> texts(List<ConsumerRecord<byte[], byte[]>> output) {
        return output.stream().map(r -> decode(r.value()).text()).toList();
    }

    private static List<String> numbered(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> "tweet " + i).toList();
    }

    private Tweet decode(byte[] bytes) {
        return ((DecodeResult.Success) codec.decode(bytes)).tweet();
    }

    private static String group() {
        return "eos-" + UUID.randomUUID();
    }
}
