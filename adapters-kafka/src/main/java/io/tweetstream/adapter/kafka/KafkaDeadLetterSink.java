package io.tweetstream.adapter.kafka;

import io.tweetstream.application.message.DeadLetter;
import io.tweetstream.application.message.RawRecord;
import io.tweetstream.application.port.out.DeadLetterSink;
import io.tweetstream.application.port.out.TaskResources;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Writes the original bytes and key of a record that could not be processed to the dead-letter topic, with its
 * original headers plus headers that say why and where it came from (UTF-8 text).
 */
final class KafkaDeadLetterSink extends PooledKafkaSink<DeadLetter> implements DeadLetterSink {

    static final String REASON = "tweetstream.dlq.reason";
    static final String ERROR_CLASS = "tweetstream.dlq.error.class";
    static final String SOURCE_TOPIC = "tweetstream.dlq.source.topic";
    static final String SOURCE_PARTITION = "tweetstream.dlq.source.partition";
    static final String SOURCE_OFFSET = "tweetstream.dlq.source.offset";
    static final String SOURCE_TIMESTAMP = "tweetstream.dlq.source.timestamp";

    private final String topic;

    KafkaDeadLetterSink(ProducerPool pool, TaskResources shared, String topic) {
        super(pool, shared);
        this.topic = topic;
    }

    @Override
    ProducerRecord<byte[], byte[]> toProducerRecord(DeadLetter deadLetter) {
        RawRecord original = deadLetter.original();
        List<Header> headers = KafkaTweetSink.kafkaHeaders(original.headers());
        headers.add(text(REASON, deadLetter.reason()));
        headers.add(text(ERROR_CLASS, deadLetter.errorType()));
        headers.add(text(SOURCE_TOPIC, original.source().topic()));
        headers.add(text(SOURCE_PARTITION, Integer.toString(original.source().partition())));
        headers.add(text(SOURCE_OFFSET, Long.toString(original.source().offset())));
        headers.add(text(SOURCE_TIMESTAMP, Long.toString(original.timestampMillis())));
        return new ProducerRecord<>(topic, null, null, original.key(), original.value(), headers);
    }

    @Override
    String describe(DeadLetter deadLetter) {
        return "the dead letter to " + topic + " of the record read at " + deadLetter.original().source();
    }

    private static Header text(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
