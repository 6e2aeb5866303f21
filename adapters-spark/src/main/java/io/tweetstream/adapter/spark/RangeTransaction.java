package io.tweetstream.adapter.spark;

import io.tweetstream.application.message.GroupMember;
import io.tweetstream.application.message.RawRecord;
import io.tweetstream.application.message.SourcePosition;
import io.tweetstream.application.port.in.BatchResult;
import io.tweetstream.application.port.in.InputProgress;
import io.tweetstream.application.port.in.ProcessBatchUseCase;
import io.tweetstream.kafkasource.KafkaRecords;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.spark.streaming.kafka010.OffsetRange;

/**
 * Exactly-once, task side: one input partition's range written in one transaction, which also commits the range's
 * end offset for the job's consumer group (from outside the group: the driver reads by assignment, so the group has
 * no members). The transactional id is a function of group, topic and partition, so a retried or speculative attempt
 * of the same range, or a later job with the same group, fences the earlier holder.
 *
 * <p>The group's committed offset is checked twice ({@link CommittedOffsetCheck}): before the transaction opens, so
 * a retry of a range that is committed already ends without fencing anybody; and again on the first read inside the
 * open transaction. Opening fenced every earlier holder of the id and let a commit it had in flight finish, so from
 * then on no other attempt can commit for this partition (or, if one opened the id after us, our own commit fails):
 * what the group holds at that moment is final.
 */
final class RangeTransaction {

    private static final Logger LOG = LoggerFactory.getLogger(RangeTransaction.class);

    private final String group;
    private final Duration stallTimeout;

    /** @param stallTimeout how long the range's read position may stand still before the task fails */
    RangeTransaction(String group, Duration stallTimeout) {
        this.group = group;
        this.stallTimeout = stallTimeout;
    }

    /** The transactional id of a partition's ranges: the same for every attempt and every run of the job. */
    static String transactionalId(String group, String topic, int partition) {
        return transactionalIdPrefix(group, topic) + "-" + partition;
    }

    static String transactionalIdPrefix(String group, String topic) {
        return "tweetstream-" + group + "-" + topic;
    }

    /**
     * Writes the range, reading it with the leased consumer (assigned to the partition here, given back or closed at
     * the end; its {@code group.id} must be the job's group, whose committed offset is checked).
     *
     * @param expected what the group's committed offset should be before this range (see {@link CommittedOffsetCheck})
     * @return what was written and committed, or empty when an earlier attempt had committed the range already
     */
    Optional<BatchResult> write(ProcessBatchUseCase useCase, ConsumerLease lease, OffsetRange range, long expected) {
        CommittedOffsetCheck check = new CommittedOffsetCheck(group, range, expected);
        Consumer<byte[], byte[]> consumer = lease.consumer();
        try (lease; OffsetRangeReader reader = new OffsetRangeReader(lease, range, stallTimeout)) {
            if (check.verdict(consumer) == CommittedOffsetCheck.Verdict.ALREADY_COMMITTED) {
                LOG.info("{} is committed already (an earlier attempt wrote it): nothing to write", range);
                return Optional.empty();
            }
            InputProgress progress = new InputProgress(
                    transactionalId(group, range.topic(), range.partition()),
                    List.of(new SourcePosition(range.topic(), range.partition(), range.untilOffset())),
                    GroupMember.outsideTheGroup(group));
            try {
                return Optional.of(useCase.processExactlyOnce(new CheckedOnFirstRead(reader, check, consumer), progress));
            } catch (RangeAlreadyCommitted e) {
                LOG.info("{} was committed by an earlier attempt while this one opened its transaction: aborted, "
                        + "nothing written", range);
                return Optional.empty();
            }
        }
    }

    /** The range's records as the use case takes them; the first read checks the committed offset again. */
    private static final class CheckedOnFirstRead implements Iterator<RawRecord> {
        private final Iterator<ConsumerRecord<byte[], byte[]>> records;
        private final CommittedOffsetCheck check;
        private final Consumer<?, ?> consumer;
        private boolean checked;

        CheckedOnFirstRead(Iterator<ConsumerRecord<byte[], byte[]>> records, CommittedOffsetCheck check,
                           Consumer<?, ?> consumer) {
            this.records = records;
            this.check = check;
            this.consumer = consumer;
        }

        @Override
        public boolean hasNext() {
            if (!checked) {
                checked = true;
                if (check.verdict(consumer) == CommittedOffsetCheck.Verdict.ALREADY_COMMITTED) {
                    throw new RangeAlreadyCommitted();
                }
            }
            return records.hasNext();
        }

        @Override
        public RawRecord next() {
            hasNext();
            return KafkaRecords.toRawRecord(records.next());
        }
    }

    /** Ends the transaction (it aborts: nothing was written) when the range turned out to be committed already. */
    private static final class RangeAlreadyCommitted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RangeAlreadyCommitted() {
            super("the range was committed by an earlier attempt", null, false, false);
        }
    }
}
