package io.tweetstream.kafkasource;

import io.tweetstream.domain.position.StartPositionPolicy.Reset;
import io.tweetstream.domain.position.StartPositionPolicy.StartPosition;
import io.tweetstream.domain.position.StartPositionPolicy;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each engine starts reading: asks Kafka for the group's committed offsets and each partition's log range,
 * and applies {@link StartPositionPolicy}. The one place both engines take their start offsets from.
 */
public final class StartOffsets {

    private static final Logger LOG = LoggerFactory.getLogger(StartOffsets.class);

    private StartOffsets() {
    }

    /** The topic's partitions; fails with the topic's name when it does not exist. */
    public static Set<TopicPartition> partitionsOf(Consumer<?, ?> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("input topic '" + topic + "' does not exist or has no partitions");
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
    }

    /**
     * The offset to start at in every one of {@code partitions}, for the consumer's group.
     *
     * @param reset {@code earliest} or {@code latest}: where nothing was committed
     */
    public static Map<TopicPartition, Long> resolve(Consumer<?, ?> consumer, Collection<TopicPartition> partitions,
                                                    Reset reset) {
        Set<TopicPartition> asked = Set.copyOf(partitions);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(asked);
        Map<TopicPartition, Long> earliest = consumer.beginningOffsets(asked);
        Map<TopicPartition, Long> end = consumer.endOffsets(asked);
        Map<TopicPartition, Long> start = new HashMap<>();
        for (TopicPartition tp : asked) {
            OffsetAndMetadata mark = committed.get(tp);
            StartPosition decided = StartPositionPolicy.decide(
                    mark == null ? OptionalLong.empty() : OptionalLong.of(mark.offset()), earliest.get(tp), end.get(tp),
                    reset);
            if (decided.surprising()) {
                LOG.warn("committed offset {} of {} is not in the log [{}, {}] ({}); starting at {}{}", mark.offset(),
                        tp, earliest.get(tp), end.get(tp), decided.reason(), decided.position(),
                        decided.skipped() > 0 ? " (" + decided.skipped() + " records were lost to retention before "
                                + "they were read)" : "");
            }
            start.put(tp, decided.position());
        }
        return start;
    }
}
