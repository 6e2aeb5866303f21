package io.tweetstream.adapter.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.streaming.kafka010.OffsetRange;
import org.junit.jupiter.api.Test;

/** The range reader on kafka-clients' MockConsumer; real transactions are in the engine contract suite. */
class OffsetRangeReaderTest {

    private static final TopicPartition TP = new TopicPartition("in", 0);
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.NONE);

    OffsetRangeReaderTest() {
        consumer.updateBeginningOffsets(Map.of(TP, 0L));
    }

    @Test
    void readsTheRangeSkippingGapsAndStopsAtItsEndWhenThePositionGetsThere() {
        // offsets 3 and 6 are a commit marker and an aborted record: Kafka moves the position past them
        OffsetRangeReader reader = new OffsetRangeReader(ConsumerLease.unpooled(consumer), OffsetRange.create("in", 0, 2, 7),
                Duration.ofSeconds(5));
        consumer.schedulePollTask(() -> {
            consumer.addRecord(record(2));
            consumer.addRecord(record(4));
            consumer.addRecord(record(5));
        });
        consumer.schedulePollTask(() -> consumer.seek(TP, 7)); // the marker at 6 read: the position is the end

        assertThat(offsets(reader)).containsExactly(2L, 4L, 5L);
        assertThat(consumer.closed()).as("the consumer is closed once the range is read").isTrue();
    }

    @Test
    void recordsBeyondTheRangeAreLeftForTheNextBatch() {
        OffsetRangeReader reader = new OffsetRangeReader(ConsumerLease.unpooled(consumer), OffsetRange.create("in", 0, 0, 2),
                Duration.ofSeconds(5));
        consumer.schedulePollTask(() -> {
            consumer.addRecord(record(0));
            consumer.addRecord(record(1));
            consumer.addRecord(record(2));
            consumer.addRecord(record(3));
        });

        assertThat(offsets(reader)).containsExactly(0L, 1L);
    }

    @Test
    void aRangeThatStopsAdvancingFailsTheTaskNamingWhere() {
        OffsetRangeReader reader = new OffsetRangeReader(ConsumerLease.unpooled(consumer), OffsetRange.create("in", 0, 0, 10),
                Duration.ofMillis(300));
        consumer.schedulePollTask(() -> consumer.addRecord(record(0)));

        assertThatThrownBy(() -> offsets(reader)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no progress reading in-0 at offset 1 (range ends at 10)");
    }

    private static List<Long> offsets(OffsetRangeReader reader) {
        List<Long> offsets = new ArrayList<>();
        reader.forEachRemaining(r -> offsets.add(r.offset()));
        return offsets;
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset) {
        return new ConsumerRecord<>("in", 0, offset, null, new byte[] {(byte) offset});
    }
}
