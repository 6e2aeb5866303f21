package io.tweetstream.adapter.kafka;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Which send failures are Kafka refusing one record for good, so that sending it again can never succeed and the
 * rest of the batch is not at fault. Kafka's {@code Callback} documents these as non-retriable:
 * <ul>
 *   <li>{@link RecordTooLargeException}: over the producer's {@code max.request.size} or {@code buffer.memory}
 *       (refused by {@code send} itself, the record never left the producer), or alone in its batch and still over
 *       the topic's {@code max.message.bytes} (the producer splits a refused batch until the record is alone);</li>
 *   <li>{@link InvalidRecordException}: the broker's validation refused this record (e.g. no key on a compacted
 *       topic); the others of its batch fail with a plain {@code KafkaException} and are not refusals;</li>
 *   <li>{@link InvalidTimestampException}: the record's timestamp is outside the topic's allowed range.</li>
 * </ul>
 * Not refusals: retriable errors (timeouts, leaders moving, not enough replicas), and the non-retriable ones that are
 * about the topic or the producer rather than the record ({@code InvalidTopicException}, authorization, fencing,
 * {@code UnknownProducerIdException}, {@code UnknownServerException}), nor {@code RecordBatchTooLargeException},
 * which fails a whole batch of records. Those fail the batch, which is read again.
 */
final class KafkaRefusals {

    private KafkaRefusals() {
    }

    static boolean isPermanentRefusalOfTheRecord(Throwable error) {
        return error instanceof RecordTooLargeException
                || error instanceof InvalidRecordException
                || error instanceof InvalidTimestampException;
    }
}
