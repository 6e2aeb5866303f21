package io.tweetstream.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tweetstream.application.fake.FakeTweetCodec;
import io.tweetstream.application.fake.NumberedTweets;
import io.tweetstream.application.lifecycle.StreamingEngine;
import io.tweetstream.application.port.in.ProcessBatchUseCaseFactory;
import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.PipelineMetrics;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.application.port.out.TweetCodecFactory;
import io.tweetstream.application.service.PipelineCounters;
import io.tweetstream.application.service.ProcessBatchServiceFactory;
import io.tweetstream.domain.Tweet;
import io.tweetstream.testkit.EmbeddedKafka;
import io.tweetstream.testkit.TestTopics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What every engine must do, on a real broker: the original three-tweet spec, 10,000 tweets over 3 partitions
 * in per-key order, corrupt records to the dead-letter topic, a poison record Kafka refuses dead-lettered in a
 * bounded form, a graceful restart that loses and repeats nothing, a stop without grace that loses nothing. A new engine gets all of it by extending this class and saying how
 * to build itself.
 */
public abstract class StreamingEngineContract {

    protected static final Duration WAIT = Duration.ofSeconds(60);

    protected static EmbeddedKafka kafka;
    protected static TestTopics topics;

    private final TweetCodecFactory codecFactory = codecFactory();
    private final TweetCodec codec = codecFactory.create();
    private final PipelineCounters metrics = new PipelineCounters();
    private final List<StreamingEngine> engines = new ArrayList<>();

    /** The engine under test, reading {@code inputTopic} as {@code groupId} and running {@code pipeline}. */
    protected abstract StreamingEngine newEngine(String inputTopic, String groupId,
                                                 ProcessBatchUseCaseFactory pipeline, PipelineMetrics metrics);

    /** The wire format of the tests' tweets; an engine's test may choose the real one. */
    protected TweetCodecFactory codecFactory() {
        return FakeTweetCodec::new;
    }

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
        topics = new TestTopics(kafka);
        System.out.printf("engine contract against a Kafka %s broker%n", kafka.brokerVersion());
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @AfterEach
    void stopEngines() {
        for (StreamingEngine engine : engines) {
            try {
                engine.stop(false);
            } catch (RuntimeException alreadyStopped) {
                // stopped by the test
            }
        }
    }

    @Test
    void theOriginalSpecThreeTweetsComeOutEqualAndInOrder() {
        Topics t = topics("spec", 1);
        List<Tweet> spec = List.of(
                new Tweet("ANY_USER_1", "ANY_TEXT_1", Instant.now().getEpochSecond()),
                new Tweet("ANY_USER_2", "ANY_TEXT_2", 0L),
                new Tweet("ANY_USER_3", "ANY_TEXT_3", 1234L));
        topics.write(t.in, spec.stream().map(tweet -> new byte[][] {null, codec.encode(tweet)}).toList());

        StreamingEngine engine = start(t, group());
        List<ConsumerRecord<byte[], byte[]>> output = topics.readAll(t.out, 3, WAIT);
        engine.stop(true);

        assertThat(output).extracting(r -> decode(r.value())).containsExactlyElementsOf(spec);
        assertThat(metrics.consumed()).isEqualTo(3);
        assertThat(metrics.produced()).isEqualTo(3);
    }

    @Test
    void tenThousandTweetsOverThreePartitionsAllArriveInPerKeyOrder() {
        Topics t = topics("tenk", 3);
        topics.write(t.in, tweets(0, 10_000));

        StreamingEngine engine = start(t, group());
        List<ConsumerRecord<byte[], byte[]>> output = topics.readAll(t.out, 10_000, WAIT);
        engine.stop(true);

        assertThat(output).hasSize(10_000);
        assertThat(distinctTexts(output)).isEqualTo(10_000);
        Map<String, Integer> last = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : output) {
            Tweet tweet = decode(r.value());
            int seq = Integer.parseInt(tweet.text().substring("tweet ".length()));
            assertThat(seq).as("order of " + tweet.username()).isGreaterThan(last.getOrDefault(tweet.username(), -1));
            last.put(tweet.username(), seq);
        }
    }

    @Test
    void corruptRecordsGoToTheDeadLetterTopicWithTheirReasonAndCountsAddUp() {
        Topics t = topics("corrupt", 3);
        List<byte[][]> records = tweets(0, 2_000);
        for (int i = 0; i < 2_000; i += 20) {
            records.set(i, new byte[][] {records.get(i)[0], new byte[] {(byte) 0xFF, (byte) i}});
        }
        topics.write(t.in, records);

        StreamingEngine engine = start(t, group());
        List<ConsumerRecord<byte[], byte[]>> output = topics.readAll(t.out, 1_900, WAIT);
        List<ConsumerRecord<byte[], byte[]>> dead = topics.readAll(t.dlq, 100, WAIT);
        engine.stop(true);

        assertThat(output).hasSize(1_900);
        assertThat(dead).hasSize(100).allSatisfy(r -> {
            assertThat(header(r, DeadLetterRecords.REASON)).isNotBlank();
            assertThat(header(r, DeadLetterRecords.SOURCE_TOPIC)).isEqualTo(t.in);
        });
        assertThat(metrics.consumed()).isEqualTo(2_000);
        assertThat(metrics.produced() + metrics.deadLettered()).isEqualTo(2_000);
    }

    @Test
    void aGracefulRestartLosesNothingAndRepeatsNothing() {
        Topics t = topics("graceful", 3);
        String group = group();
        topics.write(t.in, tweets(0, 1_000));
        StreamingEngine first = start(t, group);
        assertThat(topics.readAll(t.out, 1_000, WAIT)).hasSize(1_000);
        first.stop(true);

        topics.write(t.in, tweets(1_000, 1_000));
        StreamingEngine second = start(t, group);
        List<ConsumerRecord<byte[], byte[]>> output = topics.readAll(t.out, 2_000, WAIT);
        second.stop(true);

        assertThat(output).as("nothing lost, nothing processed twice").hasSize(2_000);
        assertThat(distinctTexts(output)).isEqualTo(2_000);
    }

    @Test
    void aStopWithoutGraceLosesNothing() {
        Topics t = topics("kill", 3);
        String group = group();
        topics.write(t.in, tweets(0, 3_000));
        StreamingEngine first = start(t, group);
        topics.readAll(t.out, 1, WAIT); // stop while the tweets are on their way
        first.stop(false);

        topics.write(t.in, tweets(3_000, 1_000));
        StreamingEngine second = start(t, group);
        List<ConsumerRecord<byte[], byte[]>> output = topics.readUntilDistinct(t.out, 4_000,
                r -> decode(r.value()).text(), WAIT);
        second.stop(true);

        assertThat(distinctTexts(output)).as("nothing lost").isEqualTo(4_000);
        System.out.printf("%s: %d duplicate(s) after a stop without grace%n", getClass().getSimpleName(),
                output.size() - 4_000);
    }

    @Test
    void inputWrittenInTransactionsIsProcessedOnceAndAbortedRecordsNever() {
        Topics t = topics("txn", 3);
        topics.writeInTransaction(t.in, tweets(0, 1_000), true);
        topics.writeInTransaction(t.in, tweets(1_000, 500), false); // aborted upstream: must never come out
        topics.write(t.in, tweets(1_500, 500)); // a plain producer between transactions
        topics.writeInTransaction(t.in, tweets(2_000, 1_000), true);

        StreamingEngine engine = start(t, group());
        List<ConsumerRecord<byte[], byte[]>> output = topics.readAll(t.out, 2_500, WAIT);
        engine.stop(true);

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            if (i < 1_000 || i >= 1_500) {
                expected.add("tweet " + i);
            }
        }
        assertThat(output).extracting(r -> decode(r.value()).text()).as("every committed record once, no aborted one")
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(metrics.consumed()).isEqualTo(2_500);
    }

    @Test
    void aPoisonRecordAndAnOversizedCorruptOneAreDeadLetteredBoundedAndTheJobMovesOn() {
        Topics t = topics("poison", 3);
        int maxRequestSize = 64 * 1024; // the job's producers: output and dead letters alike
        byte[] poison = codec.encode(new Tweet("user-1", "poison " + "x".repeat(3 * maxRequestSize), 1));
        byte[] corrupt = new byte[2 * maxRequestSize];
        Arrays.fill(corrupt, (byte) 0xFF);
        List<byte[][]> records = tweets(0, 300);
        records.add(new byte[][] {"user-1".getBytes(StandardCharsets.UTF_8), poison});
        records.add(new byte[][] {"user-2".getBytes(StandardCharsets.UTF_8), corrupt});
        records.addAll(tweets(300, 300));
        topics.write(t.in, records);

        StreamingEngine engine = start(t, group(), Map.of("max.request.size", Integer.toString(maxRequestSize)));
        List<ConsumerRecord<byte[], byte[]>> dead = topics.readAll(t.dlq, 2, WAIT);
        assertThat(topics.readAll(t.out, 600, WAIT)).hasSize(600);
        topics.write(t.in, tweets(600, 100)); // still running, and past the poison for good
        List<ConsumerRecord<byte[], byte[]>> output = topics.readAll(t.out, 700, WAIT);
        engine.stop(true);

        assertThat(output).extracting(r -> decode(r.value()).text()).as("every good tweet, once")
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 700).mapToObj(i -> "tweet " + i).toList());
        assertThat(dead).hasSize(2);
        ConsumerRecord<byte[], byte[]> refused = dead.stream()
                .filter(r -> header(r, DeadLetterRecords.REASON).contains("RecordTooLargeException")).findFirst()
                .orElseThrow(() -> new AssertionError("no dead letter of the refused output: " + dead));
        ConsumerRecord<byte[], byte[]> undecodable = dead.stream().filter(r -> r != refused).findFirst().orElseThrow();
        assertBoundedDeadLetterOf(refused, poison, maxRequestSize);
        assertBoundedDeadLetterOf(undecodable, corrupt, maxRequestSize);
        assertThat(metrics.consumed()).isEqualTo(702);
        assertThat(metrics.produced()).isEqualTo(700);
        assertThat(metrics.deadLettered()).isEqualTo(2);
    }

    private static void assertBoundedDeadLetterOf(ConsumerRecord<byte[], byte[]> dead, byte[] original, int bound) {
        assertThat(header(dead, DeadLetterRecords.TRUNCATED)).isEqualTo("value");
        assertThat(header(dead, DeadLetterRecords.ORIGINAL_SIZE)).isEqualTo(Integer.toString(original.length));
        assertThat(header(dead, DeadLetterRecords.ORIGINAL_SHA256)).isEqualTo(sha256(original));
        assertThat(dead.value()).as("the original's first bytes, within the producer's bound")
                .isEqualTo(Arrays.copyOf(original, dead.value().length))
                .hasSizeLessThan(bound).hasSizeGreaterThan(bound / 2);
    }

    private StreamingEngine start(Topics t, String group) {
        return start(t, group, Map.of());
    }

    private StreamingEngine start(Topics t, String group, Map<String, String> producerConfig) {
        ProcessBatchUseCaseFactory pipeline = new ProcessBatchServiceFactory(codecFactory, "identity",
                KafkaSinkFactories.tweets(kafka.bootstrapServers(), t.out, producerConfig),
                KafkaSinkFactories.deadLetters(kafka.bootstrapServers(), t.dlq, producerConfig));
        StreamingEngine engine = newEngine(t.in, group, pipeline, metrics);
        engines.add(engine);
        engine.start();
        return engine;
    }

    private record Topics(String in, String out, String dlq) {
    }

    private static Topics topics(String prefix, int partitions) {
        String in = topics.create(prefix + "-in", partitions, Map.of());
        return new Topics(in, topics.create(prefix + "-out", partitions, Map.of()),
                topics.createNamed(in + ".dlq", 1, Map.of()));
    }

    private List<byte[][]> tweets(int from, int count) {
        return NumberedTweets.keyed(codec, from, count, 37, 0);
    }

    private long distinctTexts(List<ConsumerRecord<byte[], byte[]>> output) {
        return output.stream().map(r -> decode(r.value()).text()).distinct().count();
    }

    private Tweet decode(byte[] bytes) {
        return ((DecodeResult.Success) codec.decode(bytes)).tweet();
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String key) {
        Header h = r.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static String group() {
        return "contract-" + UUID.randomUUID();
    }
}
