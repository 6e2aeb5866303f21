package io.tweetstream.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tweetstream.application.message.DeadLetter;
import io.tweetstream.application.message.MessageHeader;
import io.tweetstream.application.message.OutputRecord;
import io.tweetstream.application.message.RawRecord;
import io.tweetstream.application.message.RecordsRefusedException;
import io.tweetstream.application.message.SourcePosition;
import io.tweetstream.application.port.out.TaskResources;
import io.tweetstream.domain.Tweet;
import io.tweetstream.testkit.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records Kafka refuses for good, on a real broker: the refused one is reported with its input and the others are
 * acknowledged, and a dead letter too large for the producer is written truncated with its original size and hash.
 */
class RefusedRecordsIT {

    /** Small on purpose: a poison record and a dead letter over it are cheap to make. */
    private static final int MAX_REQUEST_SIZE = 50_000;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static ProducerSettings settings;
    private static ProducerPool pool;

    @BeforeAll
    static void pool() {
        settings = ProducerSettings.of(SharedKafka.bootstrapServers(),
                Map.of("max.request.size", Integer.toString(MAX_REQUEST_SIZE)), PoolSettings.DEFAULT);
        pool = new ProducerPool(settings, KafkaProducer::new);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @Test
    void aRecordOverMaxRequestSizeIsRefusedAloneAndTheProducerIsKept() {
        String topic = SharedKafka.newTopic("refused-request-size", 3);
        OutputRecord poison = record(10, random(2 * MAX_REQUEST_SIZE));
        long destroyedBefore = pool.destroyed();

        RecordsRefusedException refusal;
        try (KafkaTweetSink sink = new KafkaTweetSink(pool, new TaskResources(), topic)) {
            sink.open();
            for (int i = 0; i < 10; i++) {
                sink.write(record(i, small(i)));
            }
            sink.write(poison);
            for (int i = 11; i < 21; i++) {
                sink.write(record(i, small(i)));
            }
            refusal = catchThrowableOfType(RecordsRefusedException.class, sink::flush);
        }

        assertThat(refusal).as("a refusal, not a failure of the batch").isNotNull();
        assertThat(refusal.acknowledged()).isEqualTo(20);
        assertThat(refusal.refused()).singleElement().satisfies(dead -> {
            assertThat(dead.original()).isSameAs(poison.input());
            assertThat(dead.reason()).contains("RecordTooLargeException", "max.request.size", topic);
            assertThat(dead.errorType()).isEqualTo(RecordTooLargeException.class.getName());
        });
        assertThat(SharedKafka.readAll(topic, 20, WAIT)).hasSize(20);
        assertThat(pool.destroyed()).as("refused by send() itself: the producer is fine and kept")
                .isEqualTo(destroyedBefore);
    }

    /**
     * The poison record is sent alone in its batch (the records before it flushed): with a batch of several records
     * over the topic's limit, the 3.9 producer splits it by {@code batch.size} again and again until
     * {@code delivery.timeout.ms} (KAFKA-8350, fixed in later clients), when {@code batch.size} exceeds the topic's
     * {@code max.message.bytes}; seen here: 44,237 splits in 120 s. Our default {@code batch.size} (128 KiB) is below
     * the topic default (1 MiB).
     */
    @Test
    void aRecordOverTheTopicsLimitIsRefusedByTheBrokerAndTheSameProducerGoesOn() {
        String topic = SharedKafka.newTopic("refused-topic-limit", 1, Map.of("max.message.bytes", "20000"));
        String dlq = SharedKafka.newTopic("refused-topic-limit-dlq", 1);
        OutputRecord poison = record(5, random(40_000)); // under max.request.size, over the topic's limit
        long destroyedBefore = pool.destroyed();
        TaskResources task = new TaskResources();

        RecordsRefusedException refusal;
        long deadLettered;
        long after;
        try (KafkaTweetSink sink = new KafkaTweetSink(pool, task, topic);
             KafkaDeadLetterSink deadLetters = new KafkaDeadLetterSink(pool, task,
                     DeadLetterRecords.forProducer(dlq, settings.kafkaConfig()))) {
            sink.open();
            deadLetters.open();
            for (int i = 0; i < 5; i++) {
                sink.write(record(i, small(i)));
            }
            assertThat(sink.flush()).isEqualTo(5);
            sink.write(poison);
            refusal = catchThrowableOfType(RecordsRefusedException.class, sink::flush);
            refusal.refused().forEach(deadLetters::write);
            deadLettered = deadLetters.flush(); // through the producer the broker just refused a record of
            for (int i = 6; i < 11; i++) {
                sink.write(record(i, small(i))); // and the refused record's partition takes records again
            }
            after = sink.flush();
        }

        assertThat(refusal).as("a refusal, not a failure of the batch").isNotNull();
        assertThat(refusal.acknowledged()).isZero();
        assertThat(refusal.refused()).extracting(DeadLetter::original).containsExactly(poison.input());
        assertThat(refusal.refused().get(0).reason()).contains("RecordTooLargeException");
        assertThat(deadLettered).isEqualTo(1);
        assertThat(after).isEqualTo(5);
        assertThat(SharedKafka.readAll(topic, 10, WAIT)).hasSize(10);
        assertThat(SharedKafka.readAll(dlq, 1, WAIT)).singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualTo(poison.input().value()));
        assertThat(pool.destroyed()).as("refused by the broker: the producer is retired after the task")
                .isEqualTo(destroyedBefore + 1);
    }

    @Test
    void aDeadLetterOverTheProducersLimitIsWrittenTruncatedWithItsSizeAndHash() {
        String dlq = SharedKafka.newTopic("dlq-truncated", 1);
        byte[] payload = random(4 * MAX_REQUEST_SIZE);
        MessageHeader trace = new MessageHeader("trace", "t-1".getBytes(StandardCharsets.UTF_8));
        RawRecord original = new RawRecord(new SourcePosition("in", 1, 7), 1_700_000_000_000L,
                "k".getBytes(StandardCharsets.UTF_8), payload, List.of(trace));

        ConsumerRecord<byte[], byte[]> dead = deadLetter(dlq, new DeadLetter(original, "too large", "RecordTooLarge"));

        assertThat(header(dead, DeadLetterRecords.TRUNCATED)).isEqualTo("value");
        assertThat(header(dead, DeadLetterRecords.ORIGINAL_SIZE)).isEqualTo(Integer.toString(payload.length));
        assertThat(header(dead, DeadLetterRecords.ORIGINAL_SHA256)).isEqualTo(sha256(payload));
        assertThat(header(dead, DeadLetterRecords.REASON)).isEqualTo("too large");
        assertThat(header(dead, DeadLetterRecords.SOURCE_OFFSET)).isEqualTo("7");
        assertThat(header(dead, "trace")).isEqualTo("t-1");
        assertThat(dead.key()).isEqualTo(original.key());
        assertThat(dead.value()).as("the payload's first bytes, as many as fit")
                .isEqualTo(Arrays.copyOf(payload, dead.value().length))
                .hasSizeGreaterThan(MAX_REQUEST_SIZE * 9 / 10);
    }

    @Test
    void aDeadLetterWhoseKeyAloneIsTooLargeKeepsItsReasonsSizeAndHash() {
        String dlq = SharedKafka.newTopic("dlq-key-too-large", 1);
        byte[] payload = random(1_000);
        RawRecord original = new RawRecord(new SourcePosition("in", 0, 3), -1L, random(2 * MAX_REQUEST_SIZE),
                payload, List.of(new MessageHeader("trace", "t-2".getBytes(StandardCharsets.UTF_8))));

        ConsumerRecord<byte[], byte[]> dead = deadLetter(dlq, new DeadLetter(original, "odd", "odd"));

        assertThat(header(dead, DeadLetterRecords.TRUNCATED)).isEqualTo("value,key,headers");
        assertThat(header(dead, DeadLetterRecords.ORIGINAL_SHA256)).isEqualTo(sha256(payload));
        assertThat(dead.key()).isNull();
        assertThat(dead.headers().lastHeader("trace")).isNull();
        assertThat(dead.value()).isEqualTo(payload);
    }

    private static ConsumerRecord<byte[], byte[]> deadLetter(String dlq, DeadLetter deadLetter) {
        try (KafkaDeadLetterSink sink = new KafkaDeadLetterSink(pool, new TaskResources(),
                DeadLetterRecords.forProducer(dlq, settings.kafkaConfig()))) {
            sink.open();
            sink.write(deadLetter);
            assertThat(sink.flush()).isEqualTo(1);
        }
        return SharedKafka.readAll(dlq, 1, WAIT).get(0);
    }

    private static OutputRecord record(long offset, byte[] value) {
        Tweet tweet = new Tweet("u", "text " + offset, 1);
        byte[] key = ("key-" + offset % 7).getBytes(StandardCharsets.UTF_8);
        return new OutputRecord(tweet, key, value, List.of(),
                RawRecord.of(new SourcePosition("in", 0, offset), key, value));
    }

    private static byte[] small(int i) {
        return ("text " + i).getBytes(StandardCharsets.UTF_8);
    }

    /** Incompressible, so compression cannot bring it under a limit. */
    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        assertThat(header).as("header " + key).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
