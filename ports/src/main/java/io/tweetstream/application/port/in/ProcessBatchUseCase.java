package io.tweetstream.application.port.in;

import io.tweetstream.application.message.RawRecord;
import java.util.Iterator;

/**
 * The use case: take a batch of raw input records (one engine task's share, e.g. one Kafka partition's slice
 * of a micro-batch), decode, transform, encode and publish them; send what cannot be decoded or transformed, and
 * what a sink refuses for good ({@link io.tweetstream.application.message.RecordsRefusedException}), to the
 * dead-letter sink with the reason.
 *
 * <p>When it returns, every output and dead letter of the batch has been acknowledged by its sink, so the
 * engine may commit the batch's offsets. When a sink fails it throws
 * {@link io.tweetstream.application.message.DeliveryFailedException}, and the engine must not commit.
 */
public interface ProcessBatchUseCase {

    BatchResult process(Iterator<RawRecord> batch);

    /**
     * Exactly once: like {@link #process}, but the batch's outputs, its dead letters and {@code progress} (the
     * input's next positions for the consumer group) are committed in one transaction, or none of it is. The
     * engine commits nothing itself. On failure it throws, nothing of the batch is visible to
     * {@code read_committed} readers, and the group's positions are those before the batch.
     *
     * @throws IllegalStateException if the use case was built without a
     *         {@link io.tweetstream.application.port.out.TransactionalOutputFactory}
     */
    BatchResult processExactlyOnce(Iterator<RawRecord> batch, InputProgress progress);
}
