package io.tweetstream.adapter.spark;

import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.streaming.kafka010.OffsetRange;

/**
 * The records of one offset range, read by the task itself with a {@code read_committed} consumer, instead of Spark's
 * {@code KafkaRDD} iterators. Those expect a record at every offset: input written in transactions has commit markers
 * (and aborted records a {@code read_committed} reader skips), so the plain iterator fails every batch ("Got wrong
 * record ... even after seeking") and the compacted one waits for a record past a range that ends on a marker, until
 * it times out. This reader ends where the consumer's <em>position</em> reaches the range's end, which Kafka moves past
 * markers and aborted records by itself.
 *
 * <p>The consumer is leased ({@link ConsumerLease}): read to the range's end, it goes back for the partition's next
 * range; abandoned or failed on the way, it is closed.
 */
final class OffsetRangeReader implements Iterator<ConsumerRecord<byte[], byte[]>>, AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final ConsumerLease lease;
    private final Consumer<byte[], byte[]> consumer;
    private final TopicPartition partition;
    private final long until;
    private final Duration stallTimeout;
    private Iterator<ConsumerRecord<byte[], byte[]>> buffer = Collections.emptyIterator();
    private boolean closed;

    /**
     * @param stallTimeout how long the position may stand still before the range counts as unreadable (the task
     *                     fails and the batch with it: nothing of it is committed)
     */
    OffsetRangeReader(ConsumerLease lease, OffsetRange range, Duration stallTimeout) {
        this.lease = lease;
        this.consumer = lease.consumer();
        this.partition = range.topicPartition();
        this.until = range.untilOffset();
        this.stallTimeout = stallTimeout;
        consumer.assign(List.of(partition));
        consumer.seek(partition, range.fromOffset());
    }

    @Override
    public boolean hasNext() {
        long stalledSince = System.nanoTime();
        long lastPosition = -1;
        while (!buffer.hasNext()) {
            if (closed) {
                return false;
            }
            long position = consumer.position(partition);
            if (position >= until) {
                lease.readToEnd();
                close();
                return false;
            }
            if (position != lastPosition) {
                lastPosition = position;
                stalledSince = System.nanoTime();
            } else if (System.nanoTime() - stalledSince > stallTimeout.toNanos()) {
                throw new IllegalStateException("no progress reading " + partition + " at offset " + position
                        + " (range ends at " + until + ") for " + stallTimeout.toSeconds() + " s");
            }
            buffer = consumer.poll(POLL).records(partition).stream().filter(r -> r.offset() < until).iterator();
        }
        return true;
    }

    @Override
    public ConsumerRecord<byte[], byte[]> next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the range of " + partition + " is read to its end, " + until);
        }
        return buffer.next();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            lease.close();
        }
    }
}
