package io.tweetstream.adapter.spark;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the stream starts in each partition, fixing the original example's restart bug:
 * a committed group offset always wins; {@code auto.offset.reset} applies only where nothing was committed;
 * a committed offset that retention already deleted moves to the earliest offset still there, with a warning
 * (Kafka alone would apply {@code auto.offset.reset}, and "latest" would silently skip data).
 */
final class StartingOffsets {

    private static final Logger LOG = LoggerFactory.getLogger(StartingOffsets.class);

    private StartingOffsets() {
    }

    /** The input topic's partitions; fails with the topic's name when it does not exist. */
    static Set<TopicPartition> partitionsOf(Consumer<?, ?> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("input topic '" + topic + "' does not exist or has no partitions");
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
    }

    /** Explicit start offsets for partitions with a committed offset; the others are left to auto.offset.reset. */
    static Map<TopicPartition, Long> resolve(Consumer<?, ?> consumer, Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions);
        Map<TopicPartition, Long> earliest = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> latest = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> start = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata mark = committed.get(tp);
            if (mark == null) {
                continue;
            }
            long offset = mark.offset();
            long first = earliest.get(tp);
            long end = latest.get(tp);
            if (offset < first) {
                LOG.warn("committed offset {} of {} was deleted by retention; starting at the earliest available "
                        + "offset {} ({} records were lost to retention before they were read)",
                        offset, tp, first, first - offset);
                start.put(tp, first);
            } else if (offset > end) {
                LOG.warn("committed offset {} of {} is beyond its end {} (topic recreated?); starting at {}",
                        offset, tp, end, first);
                start.put(tp, first);
            } else {
                start.put(tp, offset);
            }
        }
        return start;
    }
}
