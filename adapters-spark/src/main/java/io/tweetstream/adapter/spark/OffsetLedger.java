package io.tweetstream.adapter.spark;

import io.tweetstream.kafkasource.CommitFailures;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.streaming.kafka010.OffsetRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driver-side bookkeeping of what was delivered and what Kafka has confirmed as committed: one per engine, a field
 * of it, used directly by the stream graph's driver code (nothing here travels to executors, and with no DStream
 * checkpoint nothing serializes the graph).
 *
 * <p>Two jobs: after the first failed batch, refuse every later batch (committing a later batch's offsets
 * would skip the failed one); and remember delivered-but-unconfirmed ranges, because Spark sends
 * {@code commitAsync} only on the next batch's poll, so the last batch before a graceful stop must be
 * committed by the engine itself. A third: count failed commits, and fail the job once {@link CommitFailures} says
 * they have lasted too long (until then a later commit covers the offsets of a failed one).
 */
final class OffsetLedger {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetLedger.class);

    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Map<TopicPartition, Long> delivered = new LinkedHashMap<>();
    private final Map<TopicPartition, Long> committed = new LinkedHashMap<>();
    private final CommitFailures commitFailures;

    OffsetLedger(CommitFailures commitFailures) {
        this.commitFailures = commitFailures;
    }

    void checkNoEarlierFailure(Object batch) {
        Throwable first = failure.get();
        if (first != null) {
            throw new IllegalStateException("batch " + batch + " refused: an earlier batch failed and was not committed ("
                    + first.getMessage() + ")", first);
        }
    }

    void failed(OffsetRange[] ranges, Throwable error) {
        if (failure.compareAndSet(null, error)) {
            LOG.error("batch failed, the driver commits none of its offsets; offsets {}: {}", Arrays.toString(ranges),
                    error.getMessage());
        }
    }

    Throwable failure() {
        return failure.get();
    }

    synchronized void delivered(OffsetRange[] ranges) {
        for (OffsetRange range : ranges) {
            delivered.merge(range.topicPartition(), range.untilOffset(), Math::max);
        }
    }

    /**
     * The callback Spark's consumer runs on the driver when Kafka answers the commit (one commit per batch: Spark
     * sends the ranges queued since the last one with the latest callback, on the next batch's poll).
     */
    OffsetCommitCallback onCommit(OffsetRange[] ranges) {
        return (offsets, error) -> {
            if (error == null) {
                commitFailures.succeeded();
                confirmed(offsets);
                return;
            }
            // Not fatal at first: a later commit covers these offsets; at worst they are read again after a restart.
            LOG.warn("committing offsets {} failed ({} in a row): {}", Arrays.toString(ranges),
                    commitFailures.inARow() + 1, error.toString());
            commitFailures.failed(error).ifPresent(this::commitsFailed);
        };
    }

    /** Commits failed too long: refuse every later batch, and let the engine stop the job with this cause. */
    private void commitsFailed(CommitFailures.CommitsFailedException error) {
        if (failure.compareAndSet(null, error)) {
            LOG.error(error.getMessage());
        }
    }

    synchronized void confirmed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, mark) -> committed.merge(tp, mark.offset(), Math::max));
    }

    /** Delivered offsets Kafka has not confirmed yet: what a graceful stop must still commit. */
    synchronized Map<TopicPartition, OffsetAndMetadata> uncommitted() {
        Map<TopicPartition, OffsetAndMetadata> pending = new LinkedHashMap<>();
        delivered.forEach((tp, offset) -> {
            if (committed.getOrDefault(tp, -1L) < offset) {
                pending.put(tp, new OffsetAndMetadata(offset));
            }
        });
        return pending;
    }
}
