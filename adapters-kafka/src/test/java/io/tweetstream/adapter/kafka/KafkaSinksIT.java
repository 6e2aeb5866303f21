package io.tweetstream.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tweetstream.application.message.DeadLetter;
import io.tweetstream.application.message.MessageHeader;
import io.tweetstream.application.message.OutputRecord;
import io.tweetstream.application.message.RawRecord;
import io.tweetstream.application.message.SourcePosition;
import io.tweetstream.application.port.out.TaskResources;
import io.tweetstream.domain.Tweet;
import io.tweetstream.testkit.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Kafka tweet sink and dead-letter sink against a real broker. */
class KafkaSinksIT {

    private static ProducerSettings settings;
    private static ProducerPool pool;

    @BeforeAll
    static void pool() {
        settings = ProducerSettings.of(SharedKafka.bootstrapServers(), Map.of(), PoolSettings.DEFAULT);
        pool = new ProducerPool(settings, org.apache.kafka.clients.producer.KafkaProducer::new);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @Test
    void tenThousandRecordsAreDeliveredAcknowledgedAndKeepKeyAndHeaders() {
        String topic = SharedKafka.newTopic("sink-10k", 3);
        MessageHeader trace = new MessageHeader("trace", "t-1".getBytes(StandardCharsets.UTF_8));
        long acknowledged;
        try (KafkaTweetSink sink = new KafkaTweetSink(pool, new TaskResources(), topic)) {
            sink.open();
            for (int i = 0; i < 10_000; i++) {
                sink.write(record("key-" + (i % 100), i, List.of(trace)));
            }
            acknowledged = sink.flush();
        }

        List<ConsumerRecord<byte[], byte[]>> out = SharedKafka.readAll(topic, 10_000, Duration.ofSeconds(30));
        assertThat(acknowledged).isEqualTo(10_000);
        assertThat(out).hasSize(10_000);
        ConsumerRecord<byte[], byte[]> first = out.get(0);
        assertThat(new String(first.key(), StandardCharsets.UTF_8)).startsWith("key-");
        assertThat(first.headers().lastHeader("trace").value()).isEqualTo(trace.value());
    }

    @Test
    void perKeyOrderIsKeptWithinEachPartition() {
        String topic = SharedKafka.newTopic("sink-order", 3);
        int keys = 50;
        int perKey = 100;
        try (KafkaTweetSink sink = new KafkaTweetSink(pool, new TaskResources(), topic)) {
            sink.open();
            for (int seq = 0; seq < perKey; seq++) {
                for (int k = 0; k < keys; k++) {
                    sink.write(record("k" + k, seq, List.of()));
                }
            }
            sink.flush();
        }

        Map<String, Long> lastSeen = new HashMap<>();
        Map<String, Integer> partitionOf = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : SharedKafka.readAll(topic, keys * perKey, Duration.ofSeconds(30))) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            long seq = Long.parseLong(new String(r.value(), StandardCharsets.UTF_8).replace("text ", ""));
            assertThat(partitionOf.computeIfAbsent(key, x -> r.partition())).as("one partition per key").isEqualTo(r.partition());
            assertThat(seq).as("order of key " + key).isGreaterThan(lastSeen.getOrDefault(key, -1L));
            lastSeen.put(key, seq);
        }
        assertThat(lastSeen).hasSize(keys).allSatisfy((k, last) -> assertThat(last).isEqualTo(perKey - 1));
    }

    @Test
    void deadLettersCarryTheOriginalBytesKeyHeadersAndEveryReasonHeader() {
        String input = "tweets-in";
        String dlq = SharedKafka.newTopic("dlq", 1);
        byte[] garbage = {0, (byte) 0xFF, 13, 10, 0};
        RawRecord original = new RawRecord(new SourcePosition(input, 2, 41), 1_700_000_000_123L,
                "k".getBytes(StandardCharsets.UTF_8), garbage.clone(),
                List.of(new MessageHeader("trace", "t-9".getBytes(StandardCharsets.UTF_8))));
        try (KafkaDeadLetterSink sink = new KafkaDeadLetterSink(pool, new TaskResources(), deadLetterRecords(dlq))) {
            sink.open();
            sink.write(new DeadLetter(original, "truncated payload: expected 12 more bytes", "truncated"));
            assertThat(sink.flush()).isEqualTo(1);
        }

        ConsumerRecord<byte[], byte[]> dead = SharedKafka.readAll(dlq, 1, Duration.ofSeconds(10)).get(0);
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(dead.key()).isEqualTo("k".getBytes(StandardCharsets.UTF_8));
        assertThat(header(dead, "trace")).isEqualTo("t-9");
        assertThat(header(dead, DeadLetterRecords.REASON)).isEqualTo("truncated payload: expected 12 more bytes");
        assertThat(header(dead, DeadLetterRecords.ERROR_CLASS)).isEqualTo("truncated");
        assertThat(header(dead, DeadLetterRecords.SOURCE_TOPIC)).isEqualTo(input);
        assertThat(header(dead, DeadLetterRecords.SOURCE_PARTITION)).isEqualTo("2");
        assertThat(header(dead, DeadLetterRecords.SOURCE_OFFSET)).isEqualTo("41");
        assertThat(header(dead, DeadLetterRecords.SOURCE_TIMESTAMP)).isEqualTo("1700000000123");
        assertThat(dead.headers().lastHeader(DeadLetterRecords.TRUNCATED)).as("it fits: written whole").isNull();
    }

    @Test
    void writingWithoutOpenIsAnError() {
        KafkaTweetSink sink = new KafkaTweetSink(pool, new TaskResources(), "any");
        assertThatThrownBy(() -> sink.write(record("k", 0, List.of()))).isInstanceOf(IllegalStateException.class);
    }

    private static DeadLetterRecords deadLetterRecords(String topic) {
        return DeadLetterRecords.forProducer(topic, settings.kafkaConfig());
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        assertThat(header).as("header " + key).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static OutputRecord record(String key, long seq, List<MessageHeader> headers) {
        Tweet tweet = new Tweet("u", "text " + seq, 1);
        byte[] value = tweet.text().getBytes(StandardCharsets.UTF_8);
        return new OutputRecord(tweet, key.getBytes(StandardCharsets.UTF_8), value, headers,
                new RawRecord(new SourcePosition("in", 0, seq), -1L, key.getBytes(StandardCharsets.UTF_8), value, headers));
    }
}
