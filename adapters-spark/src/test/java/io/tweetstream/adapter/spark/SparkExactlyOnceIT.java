package io.tweetstream.adapter.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import io.tweetstream.adapter.avro.AvroCodecs;
import io.tweetstream.adapter.kafka.KafkaSinkFactories;
import io.tweetstream.application.fake.NumberedTweets;
import io.tweetstream.application.lifecycle.PipelineFailedException;
import io.tweetstream.application.metrics.MetricNames;
import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.application.port.out.TweetCodecFactory;
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
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Spark engine's exactly-once mode on a real broker, checked by content with independent {@code read_committed}
 * readers: every input once in the output, every bad one once in the dead letters, the group's offsets at the input's
 * end; through a task that fails after sending part of its range (Spark retries it: {@code local[2,4]}), and through
 * restarts.
 */
class SparkExactlyOnceIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static EmbeddedKafka kafka;
    private static TestTopics topics;
    private static JavaSparkContext spark;

    private final TweetCodecFactory codecFactory = AvroCodecs.factory(AvroCodecs.BINARY);
    private final TweetCodec codec = codecFactory.create();
    private final PipelineCounters metrics = new PipelineCounters();
    private final List<SparkStreamingEngine> engines = new ArrayList<>();

    @BeforeAll
    static void startKafkaAndSpark() {
        kafka = EmbeddedKafka.start();
        topics = new TestTopics(kafka);
        // local[2,4]: two task threads, and a failed task is tried up to 4 times, as on a cluster
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2,4]").setAppName("exactly-once-it")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrationRequired", "true")
                .set("spark.kryo.registrator", TweetstreamKryoRegistrator.class.getName())
                // The pipeline's metrics in Spark's metrics system, as the engine sets up the contexts it makes
                .set("spark.plugins", TweetstreamMetricsPlugin.class.getName())
                // A given context is used as it is (the engine's rate settings go into contexts it makes): 250
                // records per partition per 500 ms batch, so every test runs through several chained batches.
                .set("spark.streaming.kafka.maxRatePerPartition", "500"));
    }

    @AfterAll
    static void stopKafkaAndSpark() {
        if (spark != null) {
            spark.stop();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @AfterEach
    void stopEngines() {
        FailOnceAfterSends.ARMED.set(false);
        for (SparkStreamingEngine engine : engines) {
            try {
                engine.stop(false);
            } catch (RuntimeException alreadyStopped) {
                // stopped by the test itself
            }
        }
    }

    @Test
    void theOriginalSpecThreeTweetsComeOutEqualAndInOrderWithTheirOffsetsCommitted() {
        Topics t = topics("spec", 1);
        List<Tweet> spec = List.of(
                new Tweet("ANY_USER_1", "ANY_TEXT_1", Instant.now().getEpochSecond()),
                new Tweet("ANY_USER_2", "ANY_TEXT_2", 0L),
                new Tweet("ANY_USER_3", "ANY_TEXT_3", 1234L));
        topics.write(t.in, spec.stream().map(tweet -> new byte[][] {null, codec.encode(tweet)}).toList());
        String group = group();

        SparkStreamingEngine engine = start(t, group, t.outputs());
        List<ConsumerRecord<byte[], byte[]>> output = topics.readAll(t.out, 3, WAIT);
        engine.stop(true);

        assertThat(output).extracting(r -> decode(r.value())).containsExactlyElementsOf(spec);
        assertThat(topics.committed(group)).containsExactly(
                Map.entry(new TopicPartition(t.in, 0), new OffsetAndMetadata(3)));
        assertThat(metrics.consumed()).isEqualTo(3);
        assertThat(metrics.produced()).isEqualTo(3);
    }

    @Test
    void tenThousandTweetsWithDeadLettersComeOutExactlyOnceAndTheGroupIsAtTheInputsEnd() throws Exception {
        Topics t = topics("tenk", 3);
        List<byte[][]> records = tweets(0, 10_000);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (i % 50 == 7) {
                records.set(i, new byte[][] {records.get(i)[0], new byte[] {(byte) 0xFF, (byte) i}});
            } else {
                expected.add("tweet " + i);
            }
        }
        topics.write(t.in, records);
        String group = group();

        SparkStreamingEngine engine = start(t, group, t.outputs());
        List<ConsumerRecord<byte[], byte[]>> output = topics.readAll(t.out, expected.size(), WAIT);
        List<ConsumerRecord<byte[], byte[]>> dead = topics.readAll(t.dlq, 200, WAIT);
        List<ConsumerGroupDescription> groupWhileRunning = describe(group);
        engine.stop(true);

        assertThat(texts(output)).as("every good tweet exactly once").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(dead.stream().map(SparkExactlyOnceIT::sourceOf).toList()).as("exactly the bad ones")
                .containsExactlyInAnyOrderElementsOf(positionsOfBadInputs(t.in));
        assertThat(topics.committed(group)).isEqualTo(endOffsets(t.in));
        assertThat(groupWhileRunning).singleElement().satisfies(g -> assertThat(g.members())
                .as("the driver reads by assignment: the group has no members").isEmpty());
        assertThat(metrics.consumed()).isEqualTo(10_000);
        assertThat(metrics.produced()).isEqualTo(9_800);
        assertThat(metrics.deadLettered()).isEqualTo(200);
        System.out.printf("SparkExactlyOnceIT 10k: in 10000, out %d (distinct %d), dead letters %d, committed %s%n",
                output.size(), texts(output).stream().distinct().count(), dead.size(), topics.committed(group));
    }

    @Test
    void aTaskThatFailsAfterSomeSendsIsAbortedAndItsRetryCommitsWithNoDuplicate() {
        Topics t = topics("retry", 3);
        topics.write(t.in, tweets(0, 3_000));
        String group = group();
        FailOnceAfterSends.ARMED.set(true);
        MetricRegistry sparkMetrics = SparkDriverMetrics.current().orElseThrow().registry();
        long committedBefore = sparkMetrics.counter(MetricNames.TRANSACTIONS_COMMITTED).getCount();
        long abortedBefore = sparkMetrics.counter(MetricNames.TRANSACTIONS_ABORTED).getCount();

        SparkStreamingEngine engine = start(t, group, new FailOnceAfterSends(t.outputs(), 1, 200));
        List<ConsumerRecord<byte[], byte[]>> output = topics.readAll(t.out, 3_000, WAIT);
        // One transaction per partition range: 250 records per partition per batch (the context's rate), none empty
        long ranges = endOffsets(t.in).values().stream().mapToLong(end -> (end.offset() + 249) / 250).sum();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(sparkMetrics.counter(MetricNames.TRANSACTIONS_COMMITTED).getCount() - committedBefore)
                    .as("transactions committed, in Spark's metrics").isEqualTo(ranges);
            assertThat(sparkMetrics.counter(MetricNames.TRANSACTIONS_ABORTED).getCount() - abortedBefore)
                    .as("the failed attempt's transaction, aborted").isEqualTo(1);
        });
        engine.stop(true);
        List<ConsumerRecord<byte[], byte[]>> everything = readUncommitted(t.out);

        assertThat(FailOnceAfterSends.ARMED).as("the failure was injected").isFalse();
        assertThat(texts(output)).as("read_committed: every tweet once")
                .containsExactlyInAnyOrderElementsOf(expectedTexts(0, 3_000));
        assertThat(everything.size() - 3_000).as("the failed attempt's sends are in the log, aborted")
                .isGreaterThanOrEqualTo(200);
        assertThat(topics.committed(group)).isEqualTo(endOffsets(t.in));
        assertThat(metrics.produced()).as("only committed attempts count").isEqualTo(3_000);
        System.out.printf("SparkExactlyOnceIT task failure: in 3000, out (read_committed) %d, distinct %d; records in "
                + "the log (read_uncommitted) %d, of aborted attempts %d%n", output.size(),
                texts(output).stream().distinct().count(), everything.size(), everything.size() - output.size());
    }

    @Test
    void aRestartAfterAStopWithoutGraceLosesNothingAndRepeatsNothing() {
        assertRestartIsExactlyOnce(false);
    }

    @Test
    void aRestartAfterAGracefulStopLosesNothingAndRepeatsNothing() {
        assertRestartIsExactlyOnce(true);
    }

    private void assertRestartIsExactlyOnce(boolean graceful) {
        Topics t = topics(graceful ? "graceful" : "abrupt", 3);
        String group = group();
        topics.write(t.in, tweets(0, 6_000));
        SparkStreamingEngine first = start(t, group, t.outputs()); // stopped with most of the input still to read
        topics.readAll(t.out, 1, WAIT);
        first.stop(graceful);
        long consumedFirst = topics.committed(group).values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        List<ConsumerRecord<byte[], byte[]>> outFirst = topics.readAll(t.out, (int) consumedFirst, WAIT);
        if (graceful) {
            // a graceful stop lets the running batch finish: what is committed is exactly what is out
            assertThat(texts(outFirst)).doesNotHaveDuplicates().hasSize((int) consumedFirst);
        }

        topics.write(t.in, tweets(6_000, 1_000));
        start(t, group, t.outputs());
        List<ConsumerRecord<byte[], byte[]>> output = topics.readUntilDistinct(t.out, 7_000,
                r -> decode(r.value()).text(), WAIT);

        assertThat(texts(output)).as("nothing lost, nothing twice")
                .containsExactlyInAnyOrderElementsOf(expectedTexts(0, 7_000));
        assertThat(topics.committed(group)).isEqualTo(endOffsets(t.in));
        System.out.printf("SparkExactlyOnceIT restart after a %s stop: first run committed %d of 6000 and %d were "
                        + "out; in 7000, out %d, duplicates %d%n", graceful ? "graceful" : "non-graceful",
                consumedFirst, outFirst.size(), output.size(),
                output.size() - texts(output).stream().distinct().count());
    }

    @Test
    void aPartitionAddedWhileRunningStopsTheJobSayingToRestart() throws Exception {
        Topics t = topics("grown", 2);
        topics.write(t.in, tweets(0, 100));
        SparkStreamingEngine engine = start(t, group(), t.outputs());
        assertThat(topics.readAll(t.out, 100, WAIT)).hasSize(100);

        try (Admin admin = Admin.create(kafka.clientConfig())) {
            admin.createPartitions(Map.of(t.in, NewPartitions.increaseTo(3))).all().get();
        }

        assertThatThrownBy(() -> engine.awaitTermination(WAIT)).isInstanceOf(PipelineFailedException.class)
                .hasMessageContaining("now has 3 partitions").hasMessageContaining("restart the job");
    }

    private SparkStreamingEngine start(Topics t, String group, TweetSinkFactory outputs) {
        SparkEngineSettings settings = SparkEngineSettings.builder(t.in, kafka.bootstrapServers(), group)
                .batchInterval(Duration.ofMillis(500))
                .exactlyOnce(true)
                .build();
        SparkStreamingEngine engine = new SparkStreamingEngine(settings, pipeline(t, outputs), metrics, spark);
        engines.add(engine);
        engine.start();
        return engine;
    }

    private ProcessBatchServiceFactory pipeline(Topics t, TweetSinkFactory outputs) {
        return new ProcessBatchServiceFactory(codecFactory, "identity", outputs,
                KafkaSinkFactories.deadLetters(kafka.bootstrapServers(), t.dlq))
                .withExactlyOnce(KafkaSinkFactories.transactions(kafka.bootstrapServers(), Map.of()));
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

    /** Where the input's undecodable records are (their first byte is no Avro tweet's). */
    private static List<String> positionsOfBadInputs(String in) {
        return readUncommitted(in).stream().filter(r -> r.value()[0] == (byte) 0xFF)
                .map(r -> r.partition() + "@" + r.offset()).toList();
    }

    private static String sourceOf(ConsumerRecord<byte[], byte[]> deadLetter) {
        return header(deadLetter, "tweetstream.dlq.source.partition") + "@"
                + header(deadLetter, "tweetstream.dlq.source.offset");
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
        Header h = r.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Every record in the log, those of aborted transactions included, up to the current end. */
    private static List<ConsumerRecord<byte[], byte[]>> readUncommitted(String topic) {
        Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static Map<TopicPartition, OffsetAndMetadata> endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.clientConfig(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, OffsetAndMetadata> end = new HashMap<>();
            consumer.endOffsets(partitions).forEach((tp, offset) -> end.put(tp, new OffsetAndMetadata(offset)));
            return end;
        }
    }

    private static List<ConsumerGroupDescription> describe(String group) throws Exception {
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            return List.copyOf(admin.describeConsumerGroups(List.of(group)).all().get().values());
        }
    }

    private List<byte[][]> tweets(int from, int count) {
        return NumberedTweets.keyed(codec, from, count, 37, 1_732_500_000L);
    }

    private static List<String> expectedTexts(int from, int count) {
        List<String> texts = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            texts.add("tweet " + i);
        }
        return texts;
    }

    private List<String> texts(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> decode(r.value()).text()).toList();
    }

    private Tweet decode(byte[] bytes) {
        DecodeResult result = codec.decode(bytes);
        assertThat(result).isInstanceOf(DecodeResult.Success.class);
        return ((DecodeResult.Success) result).tweet();
    }

    private static String group() {
        return "eos-" + UUID.randomUUID();
    }
}
