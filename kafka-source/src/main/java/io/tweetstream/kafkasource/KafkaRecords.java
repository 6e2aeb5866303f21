package io.tweetstream.kafkasource;

import io.tweetstream.application.message.MessageHeader;
import io.tweetstream.application.message.RawRecord;
import io.tweetstream.application.message.SourcePosition;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Kafka records as the use case's input: the one mapping both engines use. */
public final class KafkaRecords {

    private KafkaRecords() {
    }

    public static RawRecord toRawRecord(ConsumerRecord<byte[], byte[]> r) {
        Header[] kafkaHeaders = r.headers().toArray();
        List<MessageHeader> headers = new ArrayList<>(kafkaHeaders.length);
        for (Header h : kafkaHeaders) {
            headers.add(new MessageHeader(h.key(), h.value()));
        }
        return new RawRecord(new SourcePosition(r.topic(), r.partition(), r.offset()), r.timestamp(), r.key(),
                r.value(), headers);
    }

    /** Converts lazily, one record at a time, as the use case reads them. */
    public static Iterator<RawRecord> asRawRecords(Iterator<ConsumerRecord<byte[], byte[]>> records) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public RawRecord next() {
                return toRawRecord(records.next());
            }
        };
    }
}
