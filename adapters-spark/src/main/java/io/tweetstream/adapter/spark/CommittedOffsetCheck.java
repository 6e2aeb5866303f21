package io.tweetstream.adapter.spark;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.streaming.kafka010.OffsetRange;

/**
 * Exactly-once, task side: whether one input partition's range is still to be written, decided by the consumer
 * group's committed offset for that partition (which only the tasks' transactions move).
 *
 * <ul>
 *   <li>committed offset = the range's end: an earlier attempt committed the range already (it died after its commit
 *       was accepted, or a speculative or zombie attempt finished first): write nothing;</li>
 *   <li>committed offset = what the driver expects before this range (the previous range's end, or what the group
 *       held when the job started): write it;</li>
 *   <li>anything else: another writer moved the group (a second job with the same group, a reset under a running
 *       job): fail rather than write a range twice or skip one.</li>
 * </ul>
 *
 * <p>Read with {@link Consumer#committed}, which asks for <em>stable</em> offsets: it waits until a transaction
 * still carrying offsets for the partition has committed or aborted. (Admin's {@code listConsumerGroupOffsets} drops
 * such a partition from its answer instead of waiting.)
 */
final class CommittedOffsetCheck {

    /** The group has no committed offset for the partition. */
    static final long NOTHING_COMMITTED = -1;

    enum Verdict { WRITE, ALREADY_COMMITTED }

    private final String group;
    private final OffsetRange range;
    private final long expected;

    /**
     * @param expected the committed offset the range follows: the previous range's end, or the group's offset when
     *                 the job started ({@link #NOTHING_COMMITTED} if none), which differs from the range's start
     *                 where the start was moved by {@code auto.offset.reset} or retention
     */
    CommittedOffsetCheck(String group, OffsetRange range, long expected) {
        this.group = group;
        this.range = range;
        this.expected = expected;
    }

    /** Reads the group's committed offset of the range's partition with {@code consumer} and decides. */
    Verdict verdict(Consumer<?, ?> consumer) {
        TopicPartition partition = range.topicPartition();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.of(partition));
        OffsetAndMetadata mark = committed.get(partition);
        return verdict(mark == null ? NOTHING_COMMITTED : mark.offset());
    }

    Verdict verdict(long committed) {
        if (committed == range.untilOffset()) {
            return Verdict.ALREADY_COMMITTED;
        }
        if (committed == expected) {
            return Verdict.WRITE;
        }
        throw new IllegalStateException("group " + group + " has committed offset " + describe(committed) + " for "
                + range.topicPartition() + ", but the range [" + range.fromOffset() + ", " + range.untilOffset()
                + ") follows " + describe(expected) + ": another writer moved the group's offsets (a second job "
                + "with the same kafka.group.id, or a reset while the job runs); refusing to write the range twice "
                + "or to skip records. Stop the other writer, then restart the job: it resumes from the committed "
                + "offsets");
    }

    private static String describe(long offset) {
        return offset == NOTHING_COMMITTED ? "(none)" : Long.toString(offset);
    }
}
