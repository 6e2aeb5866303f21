package io.tweetstream.application.service;

import io.tweetstream.application.metrics.DeliveryLatency;
import io.tweetstream.application.message.DeadLetter;
import io.tweetstream.application.message.OutputRecord;
import io.tweetstream.application.message.RawRecord;
import io.tweetstream.application.message.RecordsRefusedException;
import io.tweetstream.application.message.SourcePosition;
import io.tweetstream.application.port.in.BatchResult;
import io.tweetstream.application.port.in.InputProgress;
import io.tweetstream.application.port.in.ProcessBatchUseCase;
import io.tweetstream.application.port.out.DeadLetterSink;
import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.Sink;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.application.port.out.TaskResources;
import io.tweetstream.application.port.out.TransactionalOutput;
import io.tweetstream.application.port.out.TransactionalOutputFactory;
import io.tweetstream.application.port.out.TweetSink;
import io.tweetstream.domain.Tweet;
import io.tweetstream.domain.transform.TweetTransformation;
import java.time.Clock;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Decode, transform, encode, publish; dead-letter what cannot be processed, and what a sink refuses for good;
 * count only what was delivered.
 *
 * <p>One instance serves one thread at a time (an engine task); sinks are opened and closed around each batch.
 * What the batch amounted to is the result; the engine that called it keeps the running totals.
 */
public final class ProcessBatchService implements ProcessBatchUseCase {

    static final String TRANSFORMATION_FAILED = "transformation-failed";
    static final String ENCODING_FAILED = "encoding-failed";

    private final TweetCodec codec;
    private final TweetTransformation transformation;
    private final TweetSink sink;
    private final DeadLetterSink deadLetters;
    private final TaskResources shared;
    private final TransactionalOutputFactory transactions;
    private final Clock clock;
    /** The batch in hand's dead letters by reason and outputs' input timestamps; one batch at a time. */
    private Tally tally;

    /** At least once only: {@link #processExactlyOnce} is refused. */
    public ProcessBatchService(TweetCodec codec, TweetTransformation transformation, TweetSink sink,
                               DeadLetterSink deadLetters) {
        this(codec, transformation, sink, deadLetters, new TaskResources(), null);
    }

    /**
     * @param shared       what {@code sink} and {@code deadLetters} were built with: a transaction begins there
     * @param transactions how to open this worker's transactions, or {@code null} for at least once only
     */
    public ProcessBatchService(TweetCodec codec, TweetTransformation transformation, TweetSink sink,
                               DeadLetterSink deadLetters, TaskResources shared,
                               TransactionalOutputFactory transactions) {
        this(codec, transformation, sink, deadLetters, shared, transactions, Clock.systemUTC());
    }

    /** @param clock when an acknowledgement arrived, for the delivery latency */
    ProcessBatchService(TweetCodec codec, TweetTransformation transformation, TweetSink sink,
                        DeadLetterSink deadLetters, TaskResources shared, TransactionalOutputFactory transactions,
                        Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.transformation = Objects.requireNonNull(transformation, "transformation");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.shared = Objects.requireNonNull(shared, "shared");
        this.transactions = transactions;
    }

    @Override
    public BatchResult processExactlyOnce(Iterator<RawRecord> batch, InputProgress progress) {
        if (transactions == null) {
            throw new IllegalStateException("exactly-once delivery is not configured for this pipeline");
        }
        try (TransactionalOutput transaction = transactions.open(progress.transactionalId())) {
            transaction.begin(shared);
            try {
                Delivered delivered = deliver(batch);
                transaction.commit(progress.next(), progress.committer());
                return delivered.result(clock.millis()); // acknowledged once committed: visible to read_committed
            } catch (RuntimeException | Error e) {
                abort(transaction, e);
                throw e;
            }
        }
    }

    /** An abort that fails too (e.g. fenced) must not hide why the batch failed. */
    private static void abort(TransactionalOutput transaction, Throwable cause) {
        try {
            transaction.abort();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public BatchResult process(Iterator<RawRecord> batch) {
        return deliver(batch).result(clock.millis());
    }

    private Delivered deliver(Iterator<RawRecord> batch) {
        long consumed = 0;
        tally = new Tally();
        try (TweetSink out = open(sink); DeadLetterSink dlq = open(deadLetters)) {
            while (batch.hasNext()) {
                RawRecord record = batch.next();
                consumed++;
                handle(record);
            }
            // Dead letters first: a batch whose rejects are not safe must not count as delivered either.
            long deadLettered = dlq.flush();
            long produced;
            Tally done = tally;
            try {
                produced = out.flush();
            } catch (RecordsRefusedException refusal) {
                // Refused for good, one by one: a retry would fail the same way forever, so the inputs become
                // dead letters and the batch goes on. Any other delivery failure still fails the batch.
                produced = refusal.acknowledged();
                for (DeadLetter refused : refusal.refused()) {
                    done.refusedOutput(refused.original().timestampMillis());
                }
                deadLettered += deadLetter(dlq, refusal.refused(), done);
            }
            return new Delivered(new BatchResult(consumed, produced, deadLettered), done);
        } finally {
            tally = null;
        }
    }

    /** Dead-letters each refused input once (a split's outputs share one input), returns how many were delivered. */
    private static long deadLetter(DeadLetterSink dlq, List<DeadLetter> refused, Tally tally) {
        Map<SourcePosition, DeadLetter> byInput = new LinkedHashMap<>();
        for (DeadLetter deadLetter : refused) {
            byInput.putIfAbsent(deadLetter.original().source(), deadLetter);
        }
        byInput.values().forEach(deadLetter -> {
            dlq.write(deadLetter);
            tally.deadLettered(deadLetter.errorType());
        });
        return dlq.flush();
    }

    /** A batch flushed (not yet acknowledged, exactly once, until its transaction commits). */
    private record Delivered(BatchResult counts, Tally tally) {
        BatchResult result(long acknowledgedAtMillis) {
            return new BatchResult(counts.consumed(), counts.produced(), counts.deadLettered(), tally.reasons,
                    tally.latency(acknowledgedAtMillis));
        }
    }

    /** What one batch's metrics need beyond its counts. */
    private static final class Tally {
        final Map<String, Long> reasons = new TreeMap<>();
        private long[] outputTimestamps = new long[64];
        private int outputs;
        private long[] refusedTimestamps = new long[0];

        void deadLettered(String reason) {
            reasons.merge(reason, 1L, Long::sum);
        }

        void output(long inputTimestamp) {
            if (inputTimestamp < 0) {
                return; // no timestamp: no latency
            }
            if (outputs == outputTimestamps.length) {
                outputTimestamps = Arrays.copyOf(outputTimestamps, outputs * 2);
            }
            outputTimestamps[outputs++] = inputTimestamp;
        }

        void refusedOutput(long inputTimestamp) {
            if (inputTimestamp >= 0) {
                refusedTimestamps = Arrays.copyOf(refusedTimestamps, refusedTimestamps.length + 1);
                refusedTimestamps[refusedTimestamps.length - 1] = inputTimestamp;
            }
        }

        /** Every written output's latency minus the refused ones' (the same instant: the same observations). */
        DeliveryLatency latency(long acknowledgedAtMillis) {
            DeliveryLatency.Recorder written = new DeliveryLatency.Recorder();
            for (int i = 0; i < outputs; i++) {
                written.observe(acknowledgedAtMillis - outputTimestamps[i]);
            }
            DeliveryLatency.Recorder refusedAt = new DeliveryLatency.Recorder();
            for (long refused : refusedTimestamps) {
                refusedAt.observe(acknowledgedAtMillis - refused);
            }
            return written.result().minus(refusedAt.result());
        }
    }

    private void handle(RawRecord record) {
        DecodeResult decoded = codec.decode(record.value());
        if (decoded instanceof DecodeResult.Failure failure) {
            deadLetter(new DeadLetter(record, failure.reason(), failure.errorType()));
            return;
        }
        Tweet tweet = ((DecodeResult.Success) decoded).tweet();
        List<Tweet> outputs;
        try {
            outputs = transformation.apply(tweet);
        } catch (RuntimeException e) {
            deadLetter(new DeadLetter(record, "transformation failed: " + describe(e), TRANSFORMATION_FAILED));
            return;
        }
        // Encode every output before writing any, so a record is either published whole or dead-lettered.
        byte[][] encoded = new byte[outputs.size()][];
        try {
            for (int i = 0; i < encoded.length; i++) {
                encoded[i] = codec.encode(outputs.get(i));
            }
        } catch (RuntimeException e) {
            deadLetter(new DeadLetter(record, "encoding failed: " + describe(e), ENCODING_FAILED));
            return;
        }
        for (int i = 0; i < encoded.length; i++) {
            sink.write(new OutputRecord(outputs.get(i), record.key(), encoded[i], record.headers(), record));
            tally.output(record.timestampMillis());
        }
    }

    private void deadLetter(DeadLetter deadLetter) {
        deadLetters.write(deadLetter);
        tally.deadLettered(deadLetter.errorType());
    }

    private static <S extends Sink<?>> S open(S s) {
        s.open();
        return s;
    }

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
