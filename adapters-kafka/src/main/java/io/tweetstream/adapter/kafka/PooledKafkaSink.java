package io.tweetstream.adapter.kafka;

import io.tweetstream.application.message.DeliveryFailedException;
import io.tweetstream.application.port.out.Sink;
import io.tweetstream.application.port.out.TaskResources;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * The lifecycle shared by the Kafka sinks: {@code open} takes the task's producer (borrowed from the pool by the
 * first of the task's Kafka sinks to open, shared by the others through {@link TaskResources}), {@code write} sends
 * asynchronously, {@code flush} waits for every acknowledgement and reports the first failure, {@code close}
 * returns the producer (or destroys it after a failed delivery). A record counts as delivered only once the broker
 * acknowledged it. A record Kafka refuses for good ({@link KafkaRefusals}) does not stop the others: the flush reports
 * it apart ({@link #refusal}), so that its input can be dead-lettered; a record larger than the producer accepts is
 * refused before it is sent ({@link RecordSizeLimit}).
 *
 * <p>In an exactly-once batch the task's {@link TaskResources} already hold the transaction's producer under this
 * pool's key ({@link KafkaTransaction#begin}): the sinks then send inside the transaction without knowing it.
 */
abstract class PooledKafkaSink<R> implements Sink<R> {

    private final ProducerPool pool;
    private final TaskResources shared;
    private PooledProducer borrowed;
    private Deliveries<R> deliveries;

    PooledKafkaSink(ProducerPool pool, TaskResources shared) {
        this.pool = pool;
        this.shared = shared;
    }

    /** The Kafka record for one sink record. */
    abstract ProducerRecord<byte[], byte[]> toProducerRecord(R record);

    /** Where a failed record came from, for the error message. */
    abstract String describe(R record);

    @Override
    public void open() {
        if (borrowed != null) {
            throw new IllegalStateException("sink already open");
        }
        borrowed = shared.acquire(pool, pool::borrow, pool::release);
        deliveries = new Deliveries<>();
    }

    @Override
    public void write(R record) {
        if (borrowed == null) {
            throw new IllegalStateException("write() on a sink that is not open");
        }
        Deliveries<R> batch = deliveries;
        PooledProducer producer = borrowed;
        if (batch.firstFailure.get() != null) {
            return; // the batch already failed and will be retried whole: stop sending
        }
        ProducerRecord<byte[], byte[]> producerRecord = toProducerRecord(record);
        batch.sent.incrementAndGet();
        RecordTooLargeException tooLarge = pool.recordSizeLimit().refusalOf(producerRecord);
        if (tooLarge != null) {
            // What send() would refuse, refused without sending: inside a transaction, send() refusing it would
            // doom the whole transaction (and the batch, read again, forever); outside, the result is the same.
            batch.refused.add(new Refused<>(record, tooLarge));
            return;
        }
        Thread sender = Thread.currentThread();
        Callback callback = (metadata, error) -> {
            if (error == null) {
                batch.acknowledged.incrementAndGet();
            } else if (KafkaRefusals.isPermanentRefusalOfTheRecord(error)) {
                batch.refused.add(new Refused<>(record, error));
                if (Thread.currentThread() != sender) {
                    // Refused by the broker: the producer recovered (see PooledProducer), but is not reused.
                    // Refused by send() itself (on the sender's thread) it never left the producer: no harm done.
                    producer.recordError(error);
                }
            } else {
                batch.fail(describe(record), error);
                producer.recordError(error);
            }
        };
        try {
            producer.producer().send(producerRecord, callback);
        } catch (KafkaException | IllegalStateException e) {
            // send() itself refused the record (e.g. producer closed, metadata timeout): count it as failed
            batch.fail(describe(record), e);
            producer.recordError(e);
        }
    }

    @Override
    public long flush() {
        if (borrowed == null) {
            throw new IllegalStateException("flush() on a sink that is not open");
        }
        Deliveries<R> batch = deliveries;
        deliveries = new Deliveries<>();
        if (batch.sent.get() > 0) {
            try {
                borrowed.producer().flush(); // returns once every send of this producer completed its callback
            } catch (KafkaException | IllegalStateException e) {
                batch.fail("flush", e);
                borrowed.recordError(e);
            }
        }
        Failure failure = batch.firstFailure.get();
        if (failure == null && !batch.refused.isEmpty()) {
            Refused<R> first = batch.refused.peek();
            failure = new Failure(describe(first.record()), first.error());
        }
        if (failure != null) {
            String message = "Kafka did not acknowledge " + failure.what + ": " + describe(failure.error)
                    + " (" + batch.acknowledged.get() + " of " + batch.sent.get() + " records acknowledged"
                    + (batch.refused.isEmpty() ? "" : ", " + batch.refused.size() + " refused for good") + ")";
            if (batch.firstFailure.get() == null) {
                throw refusal(message, batch.acknowledged.get(), List.copyOf(batch.refused));
            }
            throw new DeliveryFailedException(message, batch.acknowledged.get(), failure.error);
        }
        return batch.acknowledged.get();
    }

    /**
     * What to throw when the only failures of a flush are records Kafka refused for good ({@link KafkaRefusals}):
     * by default a plain delivery failure, so the batch fails. A sink whose records' inputs can be dead-lettered
     * instead says so with a {@link io.tweetstream.application.message.RecordsRefusedException}.
     */
    DeliveryFailedException refusal(String message, long acknowledged, List<Refused<R>> refused) {
        return new DeliveryFailedException(message, acknowledged, refused.get(0).error());
    }

    static String describe(Throwable error) {
        return error.getClass().getSimpleName() + ": " + error.getMessage();
    }

    @Override
    public void close() {
        if (borrowed == null) {
            return;
        }
        PooledProducer producer = borrowed;
        try {
            if (deliveries.sent.get() > 0 && !producer.isBroken()) {
                // Writes never flushed (the batch failed): settle them now, so their callbacks cannot
                // reach the next borrower's batch.
                producer.producer().flush();
            }
        } catch (RuntimeException e) {
            producer.recordError(e);
        } finally {
            borrowed = null;
            deliveries = null;
            shared.release(pool);
        }
    }

    /** What happened to the records of one batch; callbacks run on the producer's I/O thread. */
    private static final class Deliveries<R> {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong acknowledged = new AtomicLong();
        final AtomicReference<Failure> firstFailure = new AtomicReference<>();
        final Queue<Refused<R>> refused = new ConcurrentLinkedQueue<>();

        void fail(String what, Throwable error) {
            firstFailure.compareAndSet(null, new Failure(what, error));
        }
    }

    private record Failure(String what, Throwable error) {
    }

    /** A record Kafka refused for good, and why. */
    record Refused<R>(R record, Throwable error) {
    }
}
