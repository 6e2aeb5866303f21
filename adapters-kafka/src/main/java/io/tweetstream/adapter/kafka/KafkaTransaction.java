package io.tweetstream.adapter.kafka;

import io.tweetstream.application.message.DeliveryFailedException;
import io.tweetstream.application.message.GroupMember;
import io.tweetstream.application.message.SourcePosition;
import io.tweetstream.application.port.out.TaskResources;
import io.tweetstream.application.port.out.TransactionalOutput;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker's exactly-once batch on a transactional producer checked out of {@link TransactionalProducers}:
 * {@link #begin} starts the transaction and puts its producer where the task's Kafka sinks take theirs, {@link
 * #commit} adds the input's next positions for the group and commits, {@link #abort} abandons it, {@link #close}
 * gives the producer back (clean commit or abort) or drops it (anything else).
 */
final class KafkaTransaction implements TransactionalOutput {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTransaction.class);

    private enum State { OPEN, BEGUN, COMMITTED, ABORTED, FAILED }

    private final TransactionalProducers producers;
    private final TransactionalProducers.Key key;
    /** The key the task's Kafka sinks acquire their producer under: their pool (see {@link PooledKafkaSink#open}). */
    private final ProducerPool sinksKey;
    private final Producer<byte[], byte[]> producer;
    /** What the sinks send through: a send failure they record there makes the producer unusable. */
    private final PooledProducer pooled;
    private TaskResources shared;
    private State state = State.OPEN;
    private boolean fenced;

    KafkaTransaction(TransactionalProducers producers, TransactionalProducers.Key key, ProducerPool sinksKey) {
        this.producers = producers;
        this.key = key;
        this.sinksKey = sinksKey;
        try {
            this.producer = producers.checkout(key);
        } catch (RuntimeException e) {
            throw failure("cannot initialise the transactions of " + key, e);
        }
        this.pooled = new PooledProducer(producer);
    }

    @Override
    public void begin(TaskResources resources) {
        if (state != State.OPEN) {
            throw new IllegalStateException("begin() on a transaction that is " + state);
        }
        PooledProducer held = resources.acquire(sinksKey, () -> pooled, ignored -> { });
        shared = resources;
        if (held != pooled) {
            release();
            throw new IllegalStateException("the task's Kafka sinks already hold a producer outside the transaction");
        }
        try {
            producer.beginTransaction();
            state = State.BEGUN;
        } catch (RuntimeException e) {
            release();
            state = State.FAILED;
            throw failure("cannot begin a transaction of " + key, e);
        }
    }

    @Override
    public void commit(List<SourcePosition> next, GroupMember committer) {
        if (state != State.BEGUN) {
            throw new IllegalStateException("commit() on a transaction that is " + state);
        }
        release();
        state = State.FAILED; // until the commit returns
        if (pooled.isBroken()) {
            // A send of this transaction failed (e.g. the broker refused a record over the topic's
            // max.message.bytes): Kafka would refuse the commit.
            throw failure("a send of the transaction of " + key + " failed, so it cannot commit", pooled.failure());
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (SourcePosition position : next) {
            offsets.put(new TopicPartition(position.topic(), position.partition()),
                    new OffsetAndMetadata(position.offset()));
        }
        try {
            producer.sendOffsetsToTransaction(offsets, new ConsumerGroupMetadata(committer.groupId(),
                    committer.generationId(), committer.memberId(), committer.groupInstanceId()));
            producer.commitTransaction();
        } catch (RuntimeException e) {
            if (e.getCause() instanceof CommitFailedException || e instanceof CommitFailedException) {
                throw failure("the consumer group " + committer.groupId() + " rebalanced since the batch was read "
                        + "(generation " + committer.generationId() + "): its offsets " + next + " are no longer "
                        + "this reader's to commit; the batch is aborted and the partitions' new owner reads it again",
                        e);
            }
            throw failure("the transaction of " + key + " with offsets " + next + " did not commit", e);
        }
        state = State.COMMITTED;
    }

    @Override
    public void abort() {
        release();
        if (state == State.OPEN || state == State.COMMITTED || state == State.ABORTED) {
            return; // nothing open
        }
        boolean clean = state == State.BEGUN && !pooled.isBroken();
        state = State.FAILED;
        if (fenced || isFenced(pooled.failure())) {
            return; // the newer holder already aborted it; Kafka refuses anything more from this producer
        }
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            LOG.warn("aborting the transaction of {} failed; the producer is closed instead (which aborts): {}",
                    key, e.toString());
            return;
        }
        if (clean) {
            state = State.ABORTED; // aborted for a reason outside the producer (e.g. a decode error): reusable
        }
    }

    @Override
    public void close() {
        release();
        switch (state) {
            case OPEN, COMMITTED, ABORTED -> producers.giveBack(key, producer);
            case BEGUN -> {
                LOG.warn("the transaction of {} was neither committed nor aborted; closing its producer aborts it",
                        key);
                producers.drop(producer);
            }
            case FAILED -> producers.drop(producer);
        }
        state = State.FAILED; // closed: nothing more through this object
    }

    /** The transaction no longer holds the sinks' producer slot. */
    private void release() {
        if (shared != null) {
            TaskResources resources = shared;
            shared = null;
            resources.release(sinksKey);
        }
    }

    /** A failure of the producer: it is dropped; fenced says so in the message. */
    private DeliveryFailedException failure(String what, Throwable e) {
        state = State.FAILED;
        if (isFenced(e)) {
            fenced = true;
            return new DeliveryFailedException("another holder of " + key + " took over (a newer attempt or job with "
                    + "the same transactional id): this one is fenced and nothing of its transaction is visible", 0, e);
        }
        if (e instanceof TimeoutException) {
            return new DeliveryFailedException(what + ": timed out (" + e.getMessage() + ")", 0, e);
        }
        return new DeliveryFailedException(what + ": " + e, 0, e);
    }

    static boolean isFenced(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException
                    || t instanceof FencedInstanceIdException) {
                return true;
            }
        }
        return false;
    }
}
