package io.tweetstream.adapter.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.tweetstream.adapter.kafka.EmbeddedKafka;
import io.tweetstream.adapter.kafka.KafkaAdapterModule;
import io.tweetstream.adapter.kafka.KafkaSettings;
import io.tweetstream.application.service.PipelineCounters;
import io.tweetstream.application.port.out.DeadLetterSinkFactory;
import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.PipelineFailedException;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.application.port.out.TweetCodecFactory;
import io.tweetstream.application.port.out.TweetSinkFactory;
import io.tweetstream.application.service.ProcessBatchServiceFactory;
import io.tweetstream.domain.Tweet;
import io.tweetstream.domain.parallelism.ProcessingParallelism;
import io.tweetstream.domain.transform.TweetTransformation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Spark engine in local mode against a real broker: one broker and one Spark context for the class. */
class SparkStreamingEngineIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static EmbeddedKafka kafka;
    private static KafkaTestTopics topics;
    private static JavaSparkContext spark;

    private final TweetCodecFactory codecFactory = TestCodec.FACTORY;
    private final TweetCodec codec = codecFactory.create();
    private final PipelineCounters metrics = new PipelineCounters();
    private final List<SparkStreamingEngine> engines = new ArrayList<>();

    @BeforeAll
    static void startKafkaAndSpark() {
        kafka = EmbeddedKafka.start();
        topics = new KafkaTestTopics(kafka);
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("tweetstream-it")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer"));
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

    /** A test that failed half-way must not leave its streaming context running for the next one. */
    @AfterEach
    void stopEngines() {
        for (SparkStreamingEngine engine : engines) {
            try {
                engine.stop(false);
            } catch (RuntimeException alreadyStopped) {
                // stopped by the test itself
            }
        }
    }

    @Test
    void theOriginalSpecThreeTweetsComeOutEqualAndInOrder() throws Exception {
        String in = topics.create("spec-in", 1, Map.of());
        String out = topics.create("spec-out", 1, Map.of());
        topics.createNamed(in + ".dlq", 1, Map.of());
        List<Tweet> spec = List.of(
                new Tweet("ANY_USER_1", "ANY_TEXT_1", Instant.now().getEpochSecond()),
                new Tweet("ANY_USER_2", "ANY_TEXT_2", 0L),
                new Tweet("ANY_USER_3", "ANY_TEXT_3", 1234L));
        topics.write(in, spec.stream().map(t -> new byte[][] {null, codec.encode(t)}).toList());

        SparkStreamingEngine engine = engine(in, out, group(), ProcessingParallelism.sameAsRead());
        engine.start();
        List<ConsumerRecord<byte[], byte[]>> output = topics.readAll(out, 3, WAIT);
        engine.stop(true);

        assertThat(output).extracting(r -> decode(r.value())).containsExactlyElementsOf(spec);
        assertThat(metrics.consumed()).isEqualTo(3);
        assertThat(metrics.produced()).isEqualTo(3);
        assertThat(metrics.deadLettered()).isZero();
    }

    @Test
    void tenThousandTweetsOverThreePartitionsAllArriveInPerKeyOrder() throws Exception {
        assertAllArriveInPerKeyOrder(ProcessingParallelism.sameAsRead());
    }

    @Test
    void withARepartitionByKeyTheyStillAllArriveInPerKeyOrder() throws Exception {
        assertAllArriveInPerKeyOrder(ProcessingParallelism.fixed(4));
    }

    private void assertAllArriveInPerKeyOrder(ProcessingParallelism processing) throws Exception {
        String in = topics.create("tenk-in", 3, Map.of());
        String out = topics.create("tenk-out", 3, Map.of());
        topics.createNamed(in + ".dlq", 1, Map.of());
        int count = 10_000;
        topics.write(in, tweets(0, count));

        SparkStreamingEngine engine = engine(in, out, group(), processing);
        engine.start();
        List<ConsumerRecord<byte[], byte[]>> output = topics.readAll(out, count, WAIT);
        engine.stop(true);

        assertThat(output).hasSize(count);
        assertPerKeyOrder(output);
        assertThat(output.stream().map(r -> decode(r.value()).text()).distinct().count()).isEqualTo(count);
        assertThat(metrics.produced()).isEqualTo(count);
    }

    @Test
    void oneInTwentyCorruptRecordsGoToTheDeadLetterTopicWithTheirReason() throws Exception {
        String in = topics.create("corrupt-in", 3, Map.of());
        String out = topics.create("corrupt-out", 3, Map.of());
        String dlq = topics.createNamed(in + ".dlq", 1, Map.of());
        int count = 2_000;
        List<byte[][]> records = tweets(0, count);
        int corrupt = 0;
        for (int i = 0; i < count; i += 20) {
            records.set(i, new byte[][] {records.get(i)[0], new byte[] {(byte) 0xFF, (byte) i, 7}});
            corrupt++;
        }
        topics.write(in, records);

        SparkStreamingEngine engine = engine(in, out, group(), ProcessingParallelism.sameAsRead());
        engine.start();
        List<ConsumerRecord<byte[], byte[]>> output = topics.readAll(out, count - corrupt, WAIT);
        List<ConsumerRecord<byte[], byte[]>> dead = topics.readAll(dlq, corrupt, WAIT);
        engine.stop(true);

        assertThat(output).hasSize(count - corrupt);
        assertThat(dead).hasSize(corrupt);
        assertThat(dead).allSatisfy(r -> {
            assertThat(header(r, "tweetstream.dlq.reason")).isNotBlank();
            assertThat(header(r, "tweetstream.dlq.source.topic")).isEqualTo(in);
            assertThat(r.value()[0]).isEqualTo((byte) 0xFF);
        });
        assertThat(metrics.consumed()).isEqualTo(count);
        assertThat(metrics.produced() + metrics.deadLettered()).isEqualTo(count);
    }

    @Test
    void aGracefulRestartLosesNothingAndRepeatsNothingAndAKillLosesNothing() throws Exception {
        String in = topics.create("restart-in", 3, Map.of());
        String out = topics.create("restart-out", 3, Map.of());
        topics.createNamed(in + ".dlq", 1, Map.of());
        String group = group();

        topics.write(in, tweets(0, 1_000));
        SparkStreamingEngine first = engine(in, out, group, ProcessingParallelism.sameAsRead());
        first.start();
        assertThat(topics.readAll(out, 1_000, WAIT)).hasSize(1_000);
        first.stop(true);

        topics.write(in, tweets(1_000, 1_000));
        SparkStreamingEngine second = engine(in, out, group, ProcessingParallelism.sameAsRead());
        second.start();
        List<ConsumerRecord<byte[], byte[]>> afterGracefulRestart = topics.readAll(out, 2_000, WAIT);
        assertThat(afterGracefulRestart).as("nothing lost, nothing processed twice").hasSize(2_000);
        assertThat(distinctTexts(afterGracefulRestart)).isEqualTo(2_000);

        // Now a stop without grace, as a crash: what was delivered but not committed is read again.
        topics.write(in, tweets(2_000, 1_000));
        topics.readAll(out, 2_001, WAIT); // stop while this third thousand is on its way
        second.stop(false);
        topics.write(in, tweets(3_000, 1_000));
        SparkStreamingEngine third = engine(in, out, group, ProcessingParallelism.sameAsRead());
        third.start();
        List<ConsumerRecord<byte[], byte[]>> afterKill = readUntilDistinct(out, 4_000);
        third.stop(true);

        assertThat(distinctTexts(afterKill)).as("nothing lost after the kill").isEqualTo(4_000);
        int duplicates = afterKill.size() - 4_000;
        System.out.printf("restart after a stop without grace: %d duplicate(s) from the last uncommitted batch%n",
                duplicates);
        assertThat(duplicates).isBetween(0, 1_000);
    }

    @Test
    void aCommittedOffsetWinsOverAutoOffsetResetAndOneDeletedByRetentionMovesToTheEarliest() throws Exception {
        String in = topics.create("offsets-in", 3, Map.of());
        String out = topics.create("offsets-out", 1, Map.of());
        topics.createNamed(in + ".dlq", 1, Map.of());
        String group = group();
        for (int p = 0; p < 3; p++) {
            List<byte[]> values = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                values.add(codec.encode(new Tweet("p" + p, "tweet " + i, 1)));
            }
            topics.writeTo(in, p, values);
        }
        // An earlier run committed p0 at 40 and p1 at 10; retention then deleted p1 below 60; p2 never committed.
        topics.commit(group, Map.of(new TopicPartition(in, 0), 40L, new TopicPartition(in, 1), 10L));
        topics.deleteBefore(new TopicPartition(in, 1), 60);

        SparkStreamingEngine engine = engine(in, out, group, ProcessingParallelism.sameAsRead(), "latest");
        engine.start();
        List<ConsumerRecord<byte[], byte[]>> resumed = topics.readAll(out, 100, WAIT);
        topics.writeTo(in, 2, List.of(codec.encode(new Tweet("p2", "new after start", 1))));
        List<ConsumerRecord<byte[], byte[]>> all = topics.readAll(out, 101, WAIT);
        engine.stop(true);

        assertThat(resumed).extracting(r -> decode(r.value()).username())
                .as("p0 from its committed 40, p1 from the earliest kept 60, p2 (latest) nothing old")
                .filteredOn("p0"::equals).hasSize(60);
        assertThat(resumed).extracting(r -> decode(r.value()).username()).filteredOn("p1"::equals).hasSize(40);
        assertThat(all).hasSize(101);
        assertThat(decode(all.get(100).value()).text()).isEqualTo("new after start");
    }

    @Test
    void aDeliveryFailureFailsTheBatchCommitsNothingAndStopsTheEngine() throws Exception {
        // The record is over the producer's max.request.size (1 MiB by default), so Kafka refuses it at once.
        String in = topics.create("fail-in", 1, Map.of("max.message.bytes", Integer.toString(4 << 20)));
        String out = topics.create("fail-out", 1, Map.of());
        topics.createNamed(in + ".dlq", 1, Map.of());
        String group = group();
        List<byte[][]> records = tweets(0, 10);
        records.add(new byte[][] {null, codec.encode(new Tweet("big", incompressibleText(1_200_000), 1))});
        topics.write(in, records);

        SparkStreamingEngine engine = engine(in, out, group, ProcessingParallelism.sameAsRead());
        engine.start();

        assertThatThrownBy(() -> engine.awaitTermination(WAIT))
                .isInstanceOf(PipelineFailedException.class)
                .hasMessageContaining("RecordTooLargeException");
        assertThat(topics.committed(group)).as("no offset of the failed batch is committed").isEmpty();
    }

    private SparkStreamingEngine engine(String in, String out, String group, ProcessingParallelism processing) {
        return engine(in, out, group, processing, "earliest");
    }

    private SparkStreamingEngine engine(String in, String out, String group, ProcessingParallelism processing,
                                        String autoOffsetReset) {
        Injector kafkaAdapter = Guice.createInjector(new KafkaAdapterModule(
                KafkaSettings.of(kafka.bootstrapServers(), in, out)));
        ProcessBatchServiceFactory pipeline = new ProcessBatchServiceFactory(codecFactory,
                TweetTransformation.identity(), kafkaAdapter.getInstance(TweetSinkFactory.class),
                kafkaAdapter.getInstance(DeadLetterSinkFactory.class));
        SparkEngineSettings settings = SparkEngineSettings.builder(in, kafka.bootstrapServers(), group)
                .batchInterval(Duration.ofMillis(500))
                .processing(processing)
                .autoOffsetReset(autoOffsetReset)
                .build();
        SparkStreamingEngine engine = new SparkStreamingEngine(settings, pipeline, metrics, spark);
        engines.add(engine);
        return engine;
    }

    /** Random letters: lz4 cannot shrink them under the topic's size limit. */
    private static String incompressibleText(int length) {
        java.util.Random random = new java.util.Random(7);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    private List<byte[][]> tweets(int from, int count) {
        List<byte[][]> records = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            String user = "user-" + (i % 37);
            records.add(new byte[][] {user.getBytes(StandardCharsets.UTF_8),
                    codec.encode(new Tweet(user, "tweet " + i, 1_732_500_000L + i))});
        }
        return records;
    }

    private void assertPerKeyOrder(List<ConsumerRecord<byte[], byte[]>> output) {
        Map<String, Integer> last = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : output) {
            Tweet tweet = decode(r.value());
            int seq = Integer.parseInt(tweet.text().substring("tweet ".length()));
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(tweet.username());
            assertThat(seq).as("order of " + tweet.username()).isGreaterThan(last.getOrDefault(tweet.username(), -1));
            last.put(tweet.username(), seq);
        }
    }

    /** Reads until {@code expected} different tweets arrived: duplicates do not count towards it. */
    private List<ConsumerRecord<byte[], byte[]>> readUntilDistinct(String topic, int expected) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<ConsumerRecord<byte[], byte[]>> records = topics.readAll(topic, expected, WAIT);
        while (distinctTexts(records) < expected && System.nanoTime() < deadline) {
            records = topics.readAll(topic, records.size() + 1, Duration.ofSeconds(5));
        }
        return records;
    }

    private long distinctTexts(List<ConsumerRecord<byte[], byte[]>> output) {
        return output.stream().map(r -> decode(r.value()).text()).distinct().count();
    }

    private Tweet decode(byte[] bytes) {
        DecodeResult result = codec.decode(bytes);
        assertThat(result).isInstanceOf(DecodeResult.Success.class);
        return ((DecodeResult.Success) result).tweet();
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
        Header h = r.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String group() {
        return "it-" + UUID.randomUUID();
    }
}
