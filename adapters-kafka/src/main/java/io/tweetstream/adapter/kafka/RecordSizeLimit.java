package io.tweetstream.adapter.kafka;

import java.io.Serializable;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;

/**
 * The largest record a producer's {@code send} accepts, checked the way {@code send} checks it: Kafka's estimate
 * ({@link AbstractRecords#estimateSizeInBytesUpperBound}: the batch overhead plus the record with its headers)
 * against {@code max.request.size} and {@code buffer.memory}.
 *
 * <p>Checked before sending, because a transactional producer must never see such a record: {@code send} refusing
 * it puts the whole transaction into an abortable error, so the batch would fail, be read again and fail again
 * forever. Refused here instead, the record never reaches the producer, and the use case dead-letters its input in
 * the same transaction. The dead letters are bounded by the same limit ({@link DeadLetterRecords}).
 */
record RecordSizeLimit(int maxRequestSize, long bufferMemory, CompressionType compression) implements Serializable {

    /** The limit of a producer with this configuration. */
    static RecordSizeLimit forProducer(Map<String, ?> producerConfig) {
        Map<String, Object> parsed = ProducerConfig.configDef().parse(producerConfig);
        return new RecordSizeLimit((Integer) parsed.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                (Long) parsed.get(ProducerConfig.BUFFER_MEMORY_CONFIG),
                CompressionType.forName((String) parsed.get(ProducerConfig.COMPRESSION_TYPE_CONFIG)));
    }

    /** The most bytes a record may take, as estimated by {@link #sizeOf}. */
    int maxRecordBytes() {
        return (int) Math.min(maxRequestSize, bufferMemory);
    }

    int sizeOf(byte[] key, byte[] value, Header[] headers) {
        return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, compression, key, value,
                headers);
    }

    /** The refusal {@code send} would report for this record (same message), or null if it fits. */
    RecordTooLargeException refusalOf(ProducerRecord<byte[], byte[]> record) {
        int size = sizeOf(record.key(), record.value(), record.headers().toArray());
        if (size > maxRequestSize) {
            return new RecordTooLargeException("The message is " + size + " bytes when serialized which is larger "
                    + "than " + maxRequestSize + ", which is the value of the " + ProducerConfig.MAX_REQUEST_SIZE_CONFIG
                    + " configuration.");
        }
        if (size > bufferMemory) {
            return new RecordTooLargeException("The message is " + size + " bytes when serialized which is larger "
                    + "than the total memory buffer you have configured with the " + ProducerConfig.BUFFER_MEMORY_CONFIG
                    + " configuration.");
        }
        return null;
    }
}
