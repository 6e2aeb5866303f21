package io.tweetstream.application.port.in;

import io.tweetstream.application.metrics.DeliveryLatency;
import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one delivered batch amounted to. Serializable: on Spark, tasks' results add up on the driver.
 *
 * @param consumed input records read
 * @param produced output records acknowledged by the sink (a filter may make this smaller, a split larger)
 * @param deadLettered input records acknowledged by the dead-letter sink
 * @param deadLetteredByReason the same dead letters by their {@code errorType} (a short stable name, e.g.
 *                             {@code truncated}); may be empty when the reasons are not known
 * @param latency per produced output, from its input's timestamp to the acknowledgement (inputs without a timestamp
 *                are left out)
 */
public record BatchResult(long consumed, long produced, long deadLettered, Map<String, Long> deadLetteredByReason,
                          DeliveryLatency latency) implements Serializable {

    public static final BatchResult EMPTY = new BatchResult(0, 0, 0);

    public BatchResult {
        if (consumed < 0 || produced < 0 || deadLettered < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got consumed=" + consumed
                    + " produced=" + produced + " deadLettered=" + deadLettered);
        }
        deadLetteredByReason = Map.copyOf(deadLetteredByReason);
        Objects.requireNonNull(latency, "latency");
    }

    /** Counts alone: no reasons, no latency. */
    public BatchResult(long consumed, long produced, long deadLettered) {
        this(consumed, produced, deadLettered, Map.of(), DeliveryLatency.NONE);
    }

    public BatchResult plus(BatchResult other) {
        Map<String, Long> reasons = new TreeMap<>(deadLetteredByReason);
        other.deadLetteredByReason.forEach((reason, n) -> reasons.merge(reason, n, Long::sum));
        return new BatchResult(consumed + other.consumed, produced + other.produced, deadLettered + other.deadLettered,
                reasons, latency.plus(other.latency));
    }

    /** Only the counts, to compare with {@link #BatchResult(long, long, long)}. */
    public BatchResult counts() {
        return new BatchResult(consumed, produced, deadLettered);
    }
}
