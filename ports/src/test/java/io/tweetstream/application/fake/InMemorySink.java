package io.tweetstream.application.fake;

import io.tweetstream.application.message.DeadLetter;
import io.tweetstream.application.message.DeliveryFailedException;
import io.tweetstream.application.message.RawRecord;
import io.tweetstream.application.message.RecordsRefusedException;
import io.tweetstream.application.port.out.Sink;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A sink that keeps records in memory and enforces the port's lifecycle (write only while open). Records
 * become {@link #delivered()} on flush, like acknowledgements; failures and refusals can be injected per record.
 * Thread-safe, so fake engines may share one across tasks.
 */
public abstract class InMemorySink<R> implements Sink<R> {

    private final List<R> pending = new ArrayList<>();
    private final List<R> delivered = new ArrayList<>();
    private Predicate<? super R> undeliverable = r -> false;
    private Predicate<? super R> refused = r -> false;
    private boolean open;
    private int opens;
    private int closes;

    /** Records matching this are not acknowledged: the flush that covers them fails. */
    public synchronized void failDeliveryOf(Predicate<? super R> undeliverable) {
        this.undeliverable = undeliverable;
    }

    /**
     * Records matching this are refused for good, one by one (as Kafka refuses a record over
     * {@code max.request.size}): the flush that covers them throws {@link RecordsRefusedException} naming their
     * inputs, when no other record of it failed.
     */
    public synchronized void refuse(Predicate<? super R> refused) {
        this.refused = refused;
    }

    /** The input record a sink record came from, for a refusal to name it. */
    protected abstract RawRecord inputOf(R record);

    @Override
    public synchronized void open() {
        if (open) {
            throw new IllegalStateException("open() called twice without close()");
        }
        open = true;
        opens++;
    }

    @Override
    public synchronized void write(R record) {
        if (!open) {
            throw new IllegalStateException("write() on a sink that is not open");
        }
        pending.add(record);
    }

    @Override
    public synchronized long flush() {
        if (!open) {
            throw new IllegalStateException("flush() on a sink that is not open");
        }
        long acknowledged = 0;
        R firstFailure = null;
        List<DeadLetter> refusals = new ArrayList<>();
        for (R record : pending) {
            if (undeliverable.test(record)) {
                firstFailure = firstFailure == null ? record : firstFailure;
            } else if (refused.test(record)) {
                refusals.add(new DeadLetter(inputOf(record), "refused: injected", "InjectedRefusal"));
            } else {
                delivered.add(record);
                acknowledged++;
            }
        }
        pending.clear();
        if (firstFailure != null) {
            throw new DeliveryFailedException("could not deliver " + firstFailure, acknowledged,
                    new IllegalStateException("injected delivery failure"));
        }
        if (!refusals.isEmpty()) {
            throw new RecordsRefusedException(refusals.size() + " record(s) refused", acknowledged, refusals,
                    new IllegalArgumentException("injected refusal"));
        }
        return acknowledged;
    }

    @Override
    public synchronized void close() {
        open = false;
        closes++;
        pending.clear(); // written but never flushed: lost, as with a real sink that is closed early
    }

    public synchronized List<R> delivered() {
        return List.copyOf(delivered);
    }

    public synchronized boolean isOpen() {
        return open;
    }

    public synchronized int opens() {
        return opens;
    }

    public synchronized int closes() {
        return closes;
    }
}
