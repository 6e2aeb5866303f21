package io.tweetstream.adapter.kafka;

import io.tweetstream.application.message.DeadLetter;
import io.tweetstream.application.message.DeliveryFailedException;
import io.tweetstream.application.message.MessageHeader;
import io.tweetstream.application.message.OutputRecord;
import io.tweetstream.application.message.RecordsRefusedException;
import io.tweetstream.application.port.out.TaskResources;
import io.tweetstream.application.port.out.TweetSink;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Publishes encoded tweets to the output topic with the input record's key (so the default partitioner keeps
 * per-key order) and headers. A record Kafka refuses for good is reported with its input, for the use case to
 * dead-letter.
 */
final class KafkaTweetSink extends PooledKafkaSink<OutputRecord> implements TweetSink {

    private final String topic;

    KafkaTweetSink(ProducerPool pool, TaskResources shared, String topic) {
        super(pool, shared);
        this.topic = topic;
    }

    @Override
    ProducerRecord<byte[], byte[]> toProducerRecord(OutputRecord record) {
        return new ProducerRecord<>(topic, null, null, record.key(), record.value(), kafkaHeaders(record.headers()));
    }

    @Override
    String describe(OutputRecord record) {
        return "the output to " + topic + " of the record read at " + record.source();
    }

    /** The inputs of the records Kafka refused for good, to be dead-lettered with the refusal as the reason. */
    @Override
    DeliveryFailedException refusal(String message, long acknowledged, List<Refused<OutputRecord>> refused) {
        List<DeadLetter> deadLetters = new ArrayList<>(refused.size());
        for (Refused<OutputRecord> r : refused) {
            deadLetters.add(new DeadLetter(r.record().input(), "Kafka refused the output to " + topic + ": "
                    + describe(r.error()), r.error().getClass().getName()));
        }
        return new RecordsRefusedException(message, acknowledged, deadLetters, refused.get(0).error());
    }

    static List<Header> kafkaHeaders(List<MessageHeader> headers) {
        List<Header> out = new ArrayList<>(headers.size());
        for (MessageHeader header : headers) {
            out.add(new RecordHeader(header.key(), header.value()));
        }
        return out;
    }
}
