package io.tweetstream.adapter.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.streaming.kafka010.OffsetRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The executor's consumer pool on kafka-clients' MockConsumer: reuse after a full read only, per partition. */
class TaskConsumersTest {

    private static final TopicPartition P0 = new TopicPartition("in", 0);
    private static final TopicPartition P1 = new TopicPartition("in", 1);

    private final List<MockConsumer<byte[], byte[]>> created = new ArrayList<>();
    private final TaskConsumers consumers = new TaskConsumers(Map.of("bootstrap.servers", "x:9092"), settings -> {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.NONE);
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        created.add(consumer);
        return consumer;
    }, Duration.ofMinutes(5));

    @AfterEach
    void close() {
        consumers.close();
    }

    @Test
    void aConsumerThatReadItsRangeToTheEndReadsThePartitionsNextRange() {
        read(consumers.borrow(P0), OffsetRange.create("in", 0, 0, 2));
        read(consumers.borrow(P0), OffsetRange.create("in", 0, 2, 4));

        assertThat(created).hasSize(1);
        assertThat(created.get(0).closed()).isFalse();
        assertThat(consumers.idle()).isEqualTo(1);
    }

    @Test
    void aConsumerLeftBeforeTheEndOfItsRangeIsClosedNotReused() {
        ConsumerLease abandoned = consumers.borrow(P0);
        new OffsetRangeReader(abandoned, OffsetRange.create("in", 0, 0, 2), Duration.ofSeconds(5)).close();
        read(consumers.borrow(P0), OffsetRange.create("in", 0, 0, 2));

        assertThat(created).hasSize(2);
        assertThat(created.get(0).closed()).as("the abandoned one").isTrue();
        assertThat(created.get(1).closed()).isFalse();
    }

    @Test
    void eachPartitionHasConsumersOfItsOwnAndTasksAtTheSameTimeEachGetOne() {
        ConsumerLease first = consumers.borrow(P0);
        ConsumerLease second = consumers.borrow(P0); // a speculative or retried attempt beside the first
        ConsumerLease other = consumers.borrow(P1);

        assertThat(List.of(first.consumer(), second.consumer(), other.consumer())).doesNotHaveDuplicates();
        first.close();
        second.close();
        other.close();
    }

    @Test
    void closingThePoolClosesItsIdleConsumers() {
        read(consumers.borrow(P0), OffsetRange.create("in", 0, 0, 2));

        consumers.close();

        assertThat(created.get(0).closed()).isTrue();
    }

    /** Reads the range to its end with the lease's consumer, as a task does. */
    private void read(ConsumerLease lease, OffsetRange range) {
        MockConsumer<byte[], byte[]> consumer = (MockConsumer<byte[], byte[]>) lease.consumer();
        consumer.schedulePollTask(() -> {
            for (long offset = range.fromOffset(); offset < range.untilOffset(); offset++) {
                consumer.addRecord(new ConsumerRecord<>("in", range.partition(), offset, null, new byte[] {1}));
            }
        });
        List<Long> offsets = new ArrayList<>();
        new OffsetRangeReader(lease, range, Duration.ofSeconds(5)).forEachRemaining(r -> offsets.add(r.offset()));
        assertThat(offsets).hasSize((int) range.count());
    }
}
