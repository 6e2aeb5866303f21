package io.tweetstream.application.service;

import io.tweetstream.application.metrics.DeliveryLatency;
import io.tweetstream.application.port.out.PipelineMetrics;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Running totals in memory, thread-safe: what the driver shows as progress, and what tests read.
 */
public final class PipelineCounters implements PipelineMetrics {

    private final AtomicLong consumed = new AtomicLong();
    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicReference<DeliveryLatency> latency = new AtomicReference<>(DeliveryLatency.NONE);

    @Override
    public void recordConsumed(long records) {
        consumed.addAndGet(records);
    }

    @Override
    public void recordProduced(long records) {
        produced.addAndGet(records);
    }

    @Override
    public void recordDeadLettered(long records) {
        deadLettered.addAndGet(records);
    }

    @Override
    public void recordLatency(DeliveryLatency batch) {
        latency.accumulateAndGet(batch, DeliveryLatency::plus);
    }

    /** Every delivery's latency so far. */
    public DeliveryLatency latency() {
        return latency.get();
    }

    public long consumed() {
        return consumed.get();
    }

    public long produced() {
        return produced.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }
}
