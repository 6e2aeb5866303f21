package io.tweetstream.adapter.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.streaming.kafka010.OffsetRange;
import org.junit.jupiter.api.Test;

/** The driver's side of exactly-once: what each range must follow, and a changed partition count. */
class ExactlyOnceBatchesTest {

    private static final TopicPartition P0 = new TopicPartition("in", 0);
    private static final TopicPartition P1 = new TopicPartition("in", 1);

    private final AtomicInteger partitionsNow = new AtomicInteger(2);
    private final ExactlyOnceBatches batches = new ExactlyOnceBatches("job", "in", Map.of(), Duration.ofSeconds(1),
            Map.of(P0, 40L, P1, CommittedOffsetCheck.NOTHING_COMMITTED), partitionsNow::get);

    @Test
    void theFirstRangesFollowWhatTheGroupHeldAtStartThenEachFollowsThePreviousRangesEnd() {
        assertThat(batches.committed()).isEqualTo(Map.of(P0, 40L, P1, CommittedOffsetCheck.NOTHING_COMMITTED));

        batches.committed(List.of(OffsetRange.create(P0, 60, 90)));

        assertThat(batches.committed()).as("p1 had no range yet: still what it held at start")
                .isEqualTo(Map.of(P0, 90L, P1, CommittedOffsetCheck.NOTHING_COMMITTED));
    }

    @Test
    void aPartitionAddedWhileRunningStopsTheJobSayingToRestart() {
        assertThatCode(batches::checkPartitionCount).doesNotThrowAnyException();

        partitionsNow.set(3);

        assertThatThrownBy(batches::checkPartitionCount).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("input topic 'in' now has 3 partitions, the job reads the 2")
                .hasMessageContaining("restart the job");
    }

    @Test
    void aFailedLookUpOfThePartitionCountIsNotAFailureOfTheJob() {
        ExactlyOnceBatches unreachable = new ExactlyOnceBatches("job", "in", Map.of(), Duration.ofSeconds(1),
                Map.of(P0, 0L), () -> {
                    throw new IllegalStateException("broker unreachable");
                });

        assertThatCode(unreachable::checkPartitionCount).doesNotThrowAnyException();
    }
}
