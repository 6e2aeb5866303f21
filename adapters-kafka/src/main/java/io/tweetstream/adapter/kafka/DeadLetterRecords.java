package io.tweetstream.adapter.kafka;

import io.tweetstream.application.message.DeadLetter;
import io.tweetstream.application.message.RawRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;

/**
 * The Kafka record of a dead letter, bounded so that the dead-letter producer accepts it.
 *
 * <p>Whole when it fits: the original key, value and headers, plus the reason headers. Otherwise truncated: the
 * value cut to what fits, and headers giving the original value's size and SHA-256, so the record can be matched
 * with its source (the source topic, partition and offset are there too) and the cut proven. A truncated payload
 * rather than a reference to a store elsewhere: the dead-letter topic stays the one place to look, and the first
 * bytes usually show what the record was. If even the key and the original headers leave no room, they are dropped
 * too; {@code tweetstream.dlq.truncated} names what was cut.
 *
 * <p>The bound is the producer's own: {@code send} refuses a record whose size, as Kafka estimates it
 * ({@link AbstractRecords#estimateSizeInBytesUpperBound}: the batch overhead plus the record with its headers),
 * exceeds {@code max.request.size} or {@code buffer.memory}. The same estimate decides here, headers included.
 */
final class DeadLetterRecords {

    static final String REASON = "tweetstream.dlq.reason";
    static final String ERROR_CLASS = "tweetstream.dlq.error.class";
    static final String SOURCE_TOPIC = "tweetstream.dlq.source.topic";
    static final String SOURCE_PARTITION = "tweetstream.dlq.source.partition";
    static final String SOURCE_OFFSET = "tweetstream.dlq.source.offset";
    static final String SOURCE_TIMESTAMP = "tweetstream.dlq.source.timestamp";
    static final String TRUNCATED = "tweetstream.dlq.truncated";
    static final String ORIGINAL_SIZE = "tweetstream.dlq.original.size";
    static final String ORIGINAL_SHA256 = "tweetstream.dlq.original.sha256";

    /** Most bytes a varint length takes (a record's value length): room left when sizing a cut value. */
    private static final int VARINT_MAX_BYTES = 5;

    private final String topic;
    private final int maxRecordBytes;
    private final RecordSizeLimit limit;

    DeadLetterRecords(String topic, int maxRecordBytes, CompressionType compression) {
        this(topic, new RecordSizeLimit(maxRecordBytes, maxRecordBytes, compression));
    }

    private DeadLetterRecords(String topic, RecordSizeLimit limit) {
        if (limit.maxRecordBytes() < 1) {
            throw new IllegalArgumentException("the dead-letter bound must be positive, got " + limit.maxRecordBytes());
        }
        this.topic = topic;
        this.maxRecordBytes = limit.maxRecordBytes();
        this.limit = limit;
    }

    /** The bound of a producer with this configuration: what its {@code send} accepts. */
    static DeadLetterRecords forProducer(String topic, Map<String, ?> producerConfig) {
        return new DeadLetterRecords(topic, RecordSizeLimit.forProducer(producerConfig));
    }

    int maxRecordBytes() {
        return maxRecordBytes;
    }

    ProducerRecord<byte[], byte[]> toRecord(DeadLetter deadLetter) {
        RawRecord original = deadLetter.original();
        List<Header> reasons = reasonHeaders(deadLetter);
        List<Header> whole = new ArrayList<>(KafkaTweetSink.kafkaHeaders(original.headers()));
        whole.addAll(reasons);
        if (size(original.key(), original.value(), whole) <= maxRecordBytes) {
            return new ProducerRecord<>(topic, null, null, original.key(), original.value(), whole);
        }
        byte[] value = original.value() == null ? new byte[0] : original.value();
        List<Header> cut = new ArrayList<>(whole);
        cut.addAll(originalHeaders(value, "value"));
        byte[] key = original.key();
        int room = roomForValue(key, cut);
        if (room < 0) {
            // The key and the original headers alone are too large: keep only what says what this was.
            cut = new ArrayList<>(reasons);
            cut.addAll(originalHeaders(value, "value,key,headers"));
            key = null;
            room = Math.max(0, roomForValue(null, cut));
        }
        byte[] prefix = Arrays.copyOf(value, Math.min(room, value.length));
        return new ProducerRecord<>(topic, null, null, key, prefix, cut);
    }

    private int roomForValue(byte[] key, List<Header> headers) {
        return maxRecordBytes - size(key, new byte[0], headers) - VARINT_MAX_BYTES;
    }

    private int size(byte[] key, byte[] value, List<Header> headers) {
        return limit.sizeOf(key, value, headers.toArray(new Header[0]));
    }

    private static List<Header> reasonHeaders(DeadLetter deadLetter) {
        RawRecord original = deadLetter.original();
        return List.of(
                text(REASON, deadLetter.reason()),
                text(ERROR_CLASS, deadLetter.errorType()),
                text(SOURCE_TOPIC, original.source().topic()),
                text(SOURCE_PARTITION, Integer.toString(original.source().partition())),
                text(SOURCE_OFFSET, Long.toString(original.source().offset())),
                text(SOURCE_TIMESTAMP, Long.toString(original.timestampMillis())));
    }

    private static List<Header> originalHeaders(byte[] value, String truncated) {
        return List.of(
                text(TRUNCATED, truncated),
                text(ORIGINAL_SIZE, Integer.toString(value.length)),
                text(ORIGINAL_SHA256, sha256(value)));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static Header text(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
