package io.tweetstream.adapter.spark;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/**
 * kafka-clients' MockConsumer, except that {@link #assign} keeps the committed offsets: they are the group's, on the
 * broker, and a real consumer's assignment does not touch them (MockConsumer 3.9 forgets them on assign).
 */
final class GroupOffsetsConsumer extends MockConsumer<byte[], byte[]> {

    private final Map<TopicPartition, OffsetAndMetadata> group = new HashMap<>();

    GroupOffsetsConsumer() {
        super(OffsetResetStrategy.NONE);
    }

    @Override
    public synchronized void assign(Collection<TopicPartition> partitions) {
        super.assign(partitions);
        super.commitSync(group);
    }

    @Override
    public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        group.putAll(offsets);
        super.commitSync(offsets);
    }
}
