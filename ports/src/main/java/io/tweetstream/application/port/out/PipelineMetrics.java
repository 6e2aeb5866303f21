package io.tweetstream.application.port.out;

import io.tweetstream.application.metrics.DeliveryLatency;

/**
 * Counts what the pipeline did. Called once per batch with that batch's delivered counts (never on
 * {@code send}, and never from a place a task retry would replay without a new delivery).
 */
public interface PipelineMetrics {

    void recordConsumed(long records);

    void recordProduced(long records);

    void recordDeadLettered(long records);

    /** The batch's delivery latency; ignored unless a metrics view shows it (the demo's dashboard does). */
    default void recordLatency(DeliveryLatency latency) {
    }
}
