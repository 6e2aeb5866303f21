package io.tweetstream.adapter.spark;

import static io.tweetstream.adapter.spark.CommittedOffsetCheck.NOTHING_COMMITTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tweetstream.adapter.spark.CommittedOffsetCheck.Verdict;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.streaming.kafka010.OffsetRange;
import org.junit.jupiter.api.Test;

/** Whether a task writes its range, by the group's committed offset for the partition. */
class CommittedOffsetCheckTest {

    private static final OffsetRange RANGE = OffsetRange.create("in", 2, 100, 200);

    @Test
    void aRangeThatFollowsTheCommittedOffsetIsWritten() {
        assertThat(check(100).verdict(100)).isEqualTo(Verdict.WRITE);
    }

    @Test
    void aRangeWhoseEndIsCommittedWasWrittenByAnEarlierAttempt() {
        assertThat(check(100).verdict(200)).isEqualTo(Verdict.ALREADY_COMMITTED);
    }

    @Test
    void theFirstRangeFollowsWhatTheGroupHeldAtStartNotItsOwnStart() {
        // nothing committed and auto.offset.reset chose 100; or 40 committed and retention deleted up to 100
        assertThat(check(NOTHING_COMMITTED).verdict(NOTHING_COMMITTED)).isEqualTo(Verdict.WRITE);
        assertThat(check(40).verdict(40)).isEqualTo(Verdict.WRITE);
        assertThatThrownBy(() -> check(40).verdict(100)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anOffsetMovedByAnotherWriterFailsTheTaskSayingWhatHappened() {
        assertThatThrownBy(() -> check(100).verdict(150))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("group job has committed offset 150 for in-2")
                .hasMessageContaining("range [100, 200) follows 100")
                .hasMessageContaining("a second job with the same kafka.group.id");
        assertThatThrownBy(() -> check(100).verdict(NOTHING_COMMITTED))
                .hasMessageContaining("committed offset (none)");
    }

    @Test
    void theCommittedOffsetIsReadFromTheGroupWithTheTasksConsumer() {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.NONE);
        TopicPartition tp = new TopicPartition("in", 2);
        consumer.assign(java.util.List.of(tp));

        assertThat(check(NOTHING_COMMITTED).verdict(consumer)).as("nothing committed").isEqualTo(Verdict.WRITE);
        consumer.commitSync(Map.of(tp, new OffsetAndMetadata(200)));
        assertThat(check(100).verdict(consumer)).isEqualTo(Verdict.ALREADY_COMMITTED);
    }

    private static CommittedOffsetCheck check(long expected) {
        return new CommittedOffsetCheck("job", RANGE, expected);
    }
}
