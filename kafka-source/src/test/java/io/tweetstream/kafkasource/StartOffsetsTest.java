package io.tweetstream.kafkasource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tweetstream.domain.position.StartPositionPolicy.Reset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The Kafka side of the start-position policy, on kafka-clients' own MockConsumer (the policy has its table test). */
class StartOffsetsTest {

    private static final TopicPartition P0 = new TopicPartition("in", 0);
    private static final TopicPartition P1 = new TopicPartition("in", 1);
    private static final TopicPartition P2 = new TopicPartition("in", 2);

    @Test
    void everyPartitionGetsTheOffsetThePolicyDecides() {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.NONE);
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 40L, P2, 0L));
        consumer.updateEndOffsets(Map.of(P0, 100L, P1, 100L, P2, 100L));
        consumer.assign(List.of(P0, P1, P2));
        consumer.commitSync(Map.of(P0, new OffsetAndMetadata(60), P1, new OffsetAndMetadata(10)));

        Map<TopicPartition, Long> start = StartOffsets.resolve(consumer, List.of(P0, P1, P2), Reset.LATEST);

        assertThat(start).containsExactlyInAnyOrderEntriesOf(Map.of(
                P0, 60L,   // committed wins
                P1, 40L,   // committed 10 was deleted by retention: the earliest kept, not "latest"
                P2, 100L)); // nothing committed: the reset policy
    }

    @Test
    void aMissingTopicIsNamed() {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.NONE);
        consumer.updatePartitions("in", List.of(new PartitionInfo("in", 0, null, null, null)));

        assertThat(StartOffsets.partitionsOf(consumer, "in")).containsExactly(P0);
        assertThatThrownBy(() -> StartOffsets.partitionsOf(consumer, "nope")).hasMessageContaining("'nope'");
    }
}
