package io.tweetstream.application.port.out;

import io.tweetstream.application.message.GroupMember;
import io.tweetstream.application.message.SourcePosition;
import java.util.List;

/**
 * Exactly-once delivery of one batch: its outputs, its dead letters and the input positions that follow it become
 * visible together (to {@code read_committed} readers and to the consumer group), or not at all. One per worker
 * thread, reused batch after batch; the Kafka adapter implements it with a transactional producer.
 *
 * <p>Order of calls: {@link #begin}, then the sinks created with the same {@link TaskResources} write and flush
 * inside the transaction, then {@link #commit} or, on any failure, {@link #abort}; finally {@link #close}.
 */
public interface TransactionalOutput extends AutoCloseable {

    /** Starts a transaction; the sinks built with {@code shared} write inside it until commit or abort. */
    void begin(TaskResources shared);

    /**
     * Commits what the sinks wrote together with the input's next positions for the committer's group.
     *
     * @throws io.tweetstream.application.message.DeliveryFailedException if the transaction could not commit
     *         (fenced by a newer holder of the same transactional id, timed out, a send failed): nothing of it is
     *         visible, and the caller aborts
     */
    void commit(List<SourcePosition> next, GroupMember committer);

    /** Abandons everything written since {@link #begin}; safe to call after a failed commit. */
    void abort();

    /** Gives the output back for the next batch of the same transactional id, or closes it if it is unusable. */
    @Override
    void close();
}
