package io.tweetstream.adapter.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tweetstream.adapter.kafka.KafkaSinkFactories;
import io.tweetstream.application.fake.FailingTweetSinkFactory;
import io.tweetstream.application.fake.NumberedTweets;
import io.tweetstream.application.lifecycle.PipelineFailedException;
import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.application.port.out.TweetCodecFactory;
import io.tweetstream.application.port.out.TweetSinkFactory;
import io.tweetstream.application.service.PipelineCounters;
import io.tweetstream.application.service.ProcessBatchServiceFactory;
import io.tweetstream.domain.Tweet;
import io.tweetstream.domain.parallelism.ProcessingParallelism;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What is particular to the Spark engine, in local mode against a real broker (the engine contract, in
 * {@link SparkEngineContractIT}, covers the rest): the shuffle by key, start-up offsets, failed delivery.
 */
class SparkStreamingEngineIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static EmbeddedKafka kafka;
    private static TestTopics topics;
    private static JavaSparkContext spark;

    private final TweetCodecFactory codecFactory = TestCodec.FACTORY;
    private final TweetCodec codec = codecFactory.create();
    private final PipelineCounters metrics = new PipelineCounters();
    private final List<SparkStreamingEngine> engines = new ArrayList<>();

    @BeforeAll
    static void startKafkaAndSpark() {
        kafka = EmbeddedKafka.start();
        topics = new TestTopics(kafka);
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("tweetstream-it")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                // Everything the engine shuffles must be registered: an unregistered class fails the batch.
                .set("spark.kryo.registrationRequired", "true")
                .set("spark.kryo.registrator", TweetstreamKryoRegistrator.class.getName()));
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
        // A lost delivery, not a refusal (a record Kafka refuses for good is dead-lettered and the batch goes on).
        String in = topics.create("fail-in", 1, Map.of());
        String out = topics.create("fail-out", 1, Map.of());
        topics.createNamed(in + ".dlq", 1, Map.of());
        String group = group();
        List<byte[][]> records = tweets(0, 10);
        records.add(new byte[][] {null, codec.encode(new Tweet("unlucky", "undeliverable", 1))});
        topics.write(in, records);

        SparkStreamingEngine engine = engine(in, out, group, ProcessingParallelism.sameAsRead(),
                new FailingTweetSinkFactory(KafkaSinkFactories.tweets(kafka.bootstrapServers(), out), "undeliverable"),
                "earliest");
        engine.start();
        // Spark keeps running later batches after a failed one until the engine is stopped: none may commit, or the
        // failed batch's records would be skipped for good. Feed some, and give them batches to run in.
        topics.readAll(out, 11, WAIT); // the failed batch's records were all written: it has run
        topics.write(in, tweets(10, 20));
        Thread.sleep(3_000); // six 500 ms batches

        assertThat(topics.committed(group)).as("no later batch committed past the failed one").isEmpty();
        assertThatThrownBy(() -> engine.awaitTermination(WAIT))
                .isInstanceOf(PipelineFailedException.class)
                .hasMessageContaining("undeliverable");
        assertThat(topics.committed(group)).as("no offset of the failed batch is committed").isEmpty();
    }

    private SparkStreamingEngine engine(String in, String out, String group, ProcessingParallelism processing) {
        return engine(in, out, group, processing, "earliest");
    }

    private SparkStreamingEngine engine(String in, String out, String group, ProcessingParallelism processing,
                                        String autoOffsetReset) {
        return engine(in, out, group, processing, KafkaSinkFactories.tweets(kafka.bootstrapServers(), out),
                autoOffsetReset);
    }

    private SparkStreamingEngine engine(String in, String out, String group, ProcessingParallelism processing,
                                        TweetSinkFactory sink, String autoOffsetReset) {
        ProcessBatchServiceFactory pipeline = new ProcessBatchServiceFactory(codecFactory, "identity", sink,
                KafkaSinkFactories.deadLetters(kafka.bootstrapServers(), in + ".dlq"));
        SparkEngineSettings settings = SparkEngineSettings.builder(in, kafka.bootstrapServers(), group)
                .batchInterval(Duration.ofMillis(500))
                .processing(processing)
                .autoOffsetReset(autoOffsetReset)
                .build();
        SparkStreamingEngine engine = new SparkStreamingEngine(settings, pipeline, metrics, spark);
        engines.add(engine);
        return engine;
    }

    private List<byte[][]> tweets(int from, int count) {
        return NumberedTweets.keyed(codec, from, count, 37, 1_732_500_000L);
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

    private long distinctTexts(List<ConsumerRecord<byte[], byte[]>> output) {
        return output.stream().map(r -> decode(r.value()).text()).distinct().count();
    }

    private Tweet decode(byte[] bytes) {
        DecodeResult result = codec.decode(bytes);
        assertThat(result).isInstanceOf(DecodeResult.Success.class);
        return ((DecodeResult.Success) result).tweet();
    }

    private static String group() {
        return "it-" + UUID.randomUUID();
    }
}
