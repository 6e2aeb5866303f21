package io.tweetstream.adapter.spark;

import io.tweetstream.application.message.MessageHeader;
import io.tweetstream.application.message.RawRecord;
import io.tweetstream.application.message.SourcePosition;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * An input record in a form Spark can shuffle (Kafka's {@code ConsumerRecord} is not serializable). Only used
 * when the parallelism plan asks for a repartition; otherwise records go straight to {@link RawRecord}. Registered
 * with Kryo by {@link TweetstreamKryoRegistrator}.
 */
final class ShippedRecord implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final int partition;
    private final long offset;
    private final long timestamp;
    private final byte[] key;
    private final byte[] value;
    private final String[] headerKeys;
    private final byte[][] headerValues;

    private ShippedRecord(ConsumerRecord<byte[], byte[]> r) {
        topic = r.topic();
        partition = r.partition();
        offset = r.offset();
        timestamp = r.timestamp();
        key = r.key();
        value = r.value();
        Header[] headers = r.headers().toArray();
        headerKeys = new String[headers.length];
        headerValues = new byte[headers.length][];
        for (int i = 0; i < headers.length; i++) {
            headerKeys[i] = headers[i].key();
            headerValues[i] = headers[i].value();
        }
    }

    static ShippedRecord of(ConsumerRecord<byte[], byte[]> record) {
        return new ShippedRecord(record);
    }

    byte[] key() {
        return key;
    }

    long offset() {
        return offset;
    }

    RawRecord toRawRecord() {
        List<MessageHeader> headers = new ArrayList<>(headerKeys.length);
        for (int i = 0; i < headerKeys.length; i++) {
            headers.add(new MessageHeader(headerKeys[i], headerValues[i]));
        }
        return new RawRecord(new SourcePosition(topic, partition, offset), timestamp, key, value, headers);
    }
}
