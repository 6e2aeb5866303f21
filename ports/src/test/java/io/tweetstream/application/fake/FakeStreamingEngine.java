package io.tweetstream.application.fake;

import io.tweetstream.application.lifecycle.PipelineFailedException;
import io.tweetstream.application.lifecycle.StreamingEngine;
import io.tweetstream.application.message.RawRecord;
import io.tweetstream.application.message.SourcePosition;
import io.tweetstream.application.port.in.BatchResult;
import io.tweetstream.application.port.in.ProcessBatchUseCase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An engine over an in-memory queue of batches, run on one thread: it follows the engine contract (commit a
 * batch's positions only after the use case returned; stop on the first failure) so tests can check code that
 * drives an engine without Spark or Kafka.
 */
public final class FakeStreamingEngine implements StreamingEngine {

    private static final List<RawRecord> POISON = List.of();

    private final ProcessBatchUseCase useCase;
    private final BlockingQueue<List<RawRecord>> batches = new LinkedBlockingQueue<>();
    private final List<SourcePosition> committed = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile BatchResult total = BatchResult.EMPTY;
    private volatile RuntimeException failure;
    private volatile boolean stopNow;
    private Thread worker;

    public FakeStreamingEngine(ProcessBatchUseCase useCase) {
        this.useCase = useCase;
    }

    /** Queues one batch for the engine to read. */
    public void offer(List<RawRecord> batch) {
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("an empty batch is a no-op; offer records");
        }
        batches.add(List.copyOf(batch));
    }

    @Override
    public synchronized void start() {
        if (worker != null) {
            throw new IllegalStateException("already started");
        }
        worker = new Thread(this::run, "fake-engine");
        worker.start();
    }

    private void run() {
        try {
            while (!stopNow) {
                List<RawRecord> batch = batches.poll(10, TimeUnit.MILLISECONDS);
                if (batch == POISON) {
                    break;
                }
                if (batch != null) {
                    BatchResult result = useCase.process(batch.iterator());
                    total = total.plus(result);
                    synchronized (committed) {
                        batch.forEach(r -> committed.add(r.source()));
                    }
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
        }
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        boolean done = stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (done && failure != null) {
            throw new PipelineFailedException("batch failed: " + failure.getMessage(), failure);
        }
        return done;
    }

    /** Graceful: finishes the batches already queued, then stops. Not graceful: stops after the current one. */
    @Override
    public void stop(boolean graceful) {
        if (graceful) {
            batches.add(POISON);
        } else {
            stopNow = true;
        }
    }

    public List<SourcePosition> committed() {
        synchronized (committed) {
            return List.copyOf(committed);
        }
    }

    public BatchResult total() {
        return total;
    }
}
