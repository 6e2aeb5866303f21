package io.tweetstream.application.service;

import io.tweetstream.application.message.DeadLetter;
import io.tweetstream.application.message.DeliveryFailedException;
import io.tweetstream.application.message.OutputRecord;
import io.tweetstream.application.message.RecordsRefusedException;
import io.tweetstream.application.port.out.TweetSink;
import io.tweetstream.application.port.out.TweetSinkFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Several sinks as one: every record goes to each, and a flush succeeds only when every sink flushed, so a batch
 * is committed only once all of them hold it. Counts what all of them acknowledged (the smallest count).
 */
public final class FanOutTweetSink implements TweetSink {

    private final List<TweetSink> sinks;

    public FanOutTweetSink(List<TweetSink> sinks) {
        if (sinks.isEmpty()) {
            throw new IllegalArgumentException("a fan-out needs at least one sink");
        }
        this.sinks = List.copyOf(sinks);
    }

    /** The serializable factory of a fan-out over the given factories. */
    public static TweetSinkFactory over(List<TweetSinkFactory> factories) {
        List<TweetSinkFactory> copy = List.copyOf(factories);
        if (copy.size() == 1) {
            return copy.get(0);
        }
        return (TweetSinkFactory & java.io.Serializable) shared -> {
            List<TweetSink> sinks = new ArrayList<>();
            for (TweetSinkFactory factory : copy) {
                sinks.add(factory.create(shared));
            }
            return new FanOutTweetSink(sinks);
        };
    }

    @Override
    public void open() {
        List<TweetSink> opened = new ArrayList<>();
        try {
            for (TweetSink sink : sinks) {
                sink.open();
                opened.add(sink);
            }
        } catch (RuntimeException e) {
            opened.forEach(TweetSink::close);
            throw e;
        }
    }

    @Override
    public void write(OutputRecord record) {
        for (TweetSink sink : sinks) {
            sink.write(record);
        }
    }

    /**
     * Flushes every sink, even after one failed, and reports the first failure. When every failure is a refusal
     * for good, the refusals of all sinks are reported together as one: a record one sink refused is dead-lettered
     * even if another sink holds it.
     */
    @Override
    public long flush() {
        long acknowledgedByAll = Long.MAX_VALUE;
        DeliveryFailedException first = null;
        DeliveryFailedException firstNotRefusal = null;
        List<DeadLetter> refused = new ArrayList<>();
        for (TweetSink sink : sinks) {
            try {
                acknowledgedByAll = Math.min(acknowledgedByAll, sink.flush());
            } catch (RecordsRefusedException e) {
                acknowledgedByAll = Math.min(acknowledgedByAll, e.acknowledged());
                refused.addAll(e.refused());
                first = first == null ? e : first;
            } catch (DeliveryFailedException e) {
                acknowledgedByAll = Math.min(acknowledgedByAll, e.acknowledged());
                first = first == null ? e : first;
                firstNotRefusal = firstNotRefusal == null ? e : firstNotRefusal;
            }
        }
        if (firstNotRefusal != null) {
            throw new DeliveryFailedException(firstNotRefusal.getMessage(), acknowledgedByAll, firstNotRefusal);
        }
        if (first != null) {
            throw new RecordsRefusedException(first.getMessage(), acknowledgedByAll, refused, first);
        }
        return acknowledgedByAll;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (TweetSink sink : sinks) {
            try {
                sink.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
