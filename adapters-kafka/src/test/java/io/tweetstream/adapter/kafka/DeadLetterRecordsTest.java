package io.tweetstream.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tweetstream.application.message.DeadLetter;
import io.tweetstream.application.message.MessageHeader;
import io.tweetstream.application.message.RawRecord;
import io.tweetstream.application.message.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.Test;

/** The dead letter's record: whole while Kafka's own size estimate fits the producer's bound, truncated past it. */
class DeadLetterRecordsTest {

    private static final int BOUND = 10_000;
    private final DeadLetterRecords records = new DeadLetterRecords("dlq", BOUND, CompressionType.LZ4);

    @Test
    void theBoundIsTheProducersMaxRequestSizeOrBufferMemoryWhicheverIsSmaller() {
        Map<String, String> base = ProducerSettings.of("localhost:9092", Map.of(), PoolSettings.DEFAULT).config();
        assertThat(DeadLetterRecords.forProducer("dlq", base).maxRecordBytes())
                .as("Kafka's default max.request.size").isEqualTo(1_048_576);
        assertThat(DeadLetterRecords.forProducer("dlq", with(base, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "50000"))
                .maxRecordBytes()).isEqualTo(50_000);
        assertThat(DeadLetterRecords.forProducer("dlq", with(base, ProducerConfig.BUFFER_MEMORY_CONFIG, "40000"))
                .maxRecordBytes()).isEqualTo(40_000);
    }

    @Test
    void everyDeadLetterFitsTheBoundAndIsWholeWhenItCan() {
        int wholeUpTo = -1;
        for (int size = BOUND - 1_000; size <= BOUND + 100; size++) {
            ProducerRecord<byte[], byte[]> record = records.toRecord(deadLetter(new byte[] {1, 2}, payload(size)));
            assertThat(estimate(record)).as("payload of %d bytes", size).isLessThanOrEqualTo(BOUND);
            if (record.headers().lastHeader(DeadLetterRecords.TRUNCATED) == null) {
                assertThat(record.value()).hasSize(size);
                wholeUpTo = size;
            } else {
                assertThat(record.value()).isEqualTo(Arrays.copyOf(payload(size), record.value().length));
                assertThat(estimate(record)).as("truncated to nearly the bound, not far below")
                        .isGreaterThan(BOUND - 8);
            }
        }
        assertThat(wholeUpTo).as("the largest payload written whole").isBetween(BOUND - 1_000, BOUND);
    }

    @Test
    void aTruncatedDeadLetterSaysSoWithTheOriginalSizeAndHash() {
        byte[] payload = payload(3 * BOUND);

        ProducerRecord<byte[], byte[]> record = records.toRecord(deadLetter(new byte[] {1}, payload));

        assertThat(text(record, DeadLetterRecords.TRUNCATED)).isEqualTo("value");
        assertThat(text(record, DeadLetterRecords.ORIGINAL_SIZE)).isEqualTo("30000");
        assertThat(text(record, DeadLetterRecords.ORIGINAL_SHA256)).hasSize(64)
                .isEqualTo(DeadLetterRecords.sha256(payload));
        assertThat(text(record, DeadLetterRecords.REASON)).isEqualTo("why");
        assertThat(text(record, "trace")).isEqualTo("t");
        assertThat(record.key()).containsExactly(1);
    }

    @Test
    void aKeyTooLargeForTheBoundIsDroppedWithTheOriginalHeaders() {
        ProducerRecord<byte[], byte[]> record = records.toRecord(deadLetter(payload(2 * BOUND), payload(100)));

        assertThat(text(record, DeadLetterRecords.TRUNCATED)).isEqualTo("value,key,headers");
        assertThat(record.key()).isNull();
        assertThat(record.headers().lastHeader("trace")).isNull();
        assertThat(record.value()).isEqualTo(payload(100));
        assertThat(estimate(record)).isLessThanOrEqualTo(BOUND);
    }

    private static DeadLetter deadLetter(byte[] key, byte[] value) {
        RawRecord original = new RawRecord(new SourcePosition("in", 0, 1), 5L, key, value,
                List.of(new MessageHeader("trace", "t".getBytes(StandardCharsets.UTF_8))));
        return new DeadLetter(original, "why", "kind");
    }

    private static byte[] payload(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31);
        }
        return bytes;
    }

    /** What the producer's send() compares with max.request.size. */
    private static int estimate(ProducerRecord<byte[], byte[]> record) {
        return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.LZ4,
                record.key(), record.value(), record.headers().toArray());
    }

    private static String text(ProducerRecord<byte[], byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        assertThat(header).as("header " + key).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Map<String, String> with(Map<String, String> config, String key, String value) {
        Map<String, String> copy = new java.util.HashMap<>(config);
        copy.put(key, value);
        return copy;
    }
}
