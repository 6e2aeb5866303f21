package io.tweetstream.application.metrics;

import java.io.Serializable;
import java.util.Arrays;

/**
 * End-to-end delivery latency as a histogram with fixed buckets: from an input record's timestamp to the moment the
 * pipeline holds the acknowledgement of its outputs (the batch's sinks flushed; exactly once: its transaction
 * committed). Fixed bounds, the same on both engines, so histograms of tasks, polls and batches add up (a quantile
 * estimate cannot be merged, bucket counts can), and Prometheus' {@code histogram_quantile} reads them.
 *
 * <p>Immutable; {@link Recorder} collects one batch's observations.
 */
public final class DeliveryLatency implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Upper bounds in milliseconds (Prometheus' {@code le}), then +Inf. Prometheus' defaults plus 200 ms, 600 ms and
     * 1.2 s (1.2 x the usual Spark batch intervals) and 30 s.
     */
    private static final long[] BOUNDS_MILLIS = {5, 10, 25, 50, 100, 200, 250, 500, 600, 1_000, 1_200, 2_500, 5_000,
            10_000, 30_000};

    public static final DeliveryLatency NONE = new DeliveryLatency(new long[BOUNDS_MILLIS.length + 1], 0);

    /** Per bucket, not cumulative; the last is above every bound. */
    private final long[] counts;
    private final long sumMillis;

    private DeliveryLatency(long[] counts, long sumMillis) {
        this.counts = counts;
        this.sumMillis = sumMillis;
    }

    /** The bucket upper bounds in seconds, without +Inf. */
    public static double[] upperBoundsSeconds() {
        return Arrays.stream(BOUNDS_MILLIS).mapToDouble(ms -> ms / 1000.0).toArray();
    }

    /** The bucket upper bounds in milliseconds, without +Inf. */
    public static long[] upperBoundsMillis() {
        return BOUNDS_MILLIS.clone();
    }

    /** Observations per bucket (not cumulative), one more than the bounds: the last is +Inf. */
    public long[] bucketCounts() {
        return counts.clone();
    }

    public long count() {
        return Arrays.stream(counts).sum();
    }

    public long sumMillis() {
        return sumMillis;
    }

    public DeliveryLatency plus(DeliveryLatency other) {
        long[] sum = counts.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += other.counts[i];
        }
        return new DeliveryLatency(sum, sumMillis + other.sumMillis);
    }

    /**
     * The {@code q}-quantile in milliseconds, estimated as Prometheus' {@code histogram_quantile} does: linear within
     * the bucket that holds it; the highest finite bound if it lies above every bound; NaN with no observation.
     */
    public double quantileMillis(double q) {
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("a quantile is between 0 and 1, got " + q);
        }
        long total = count();
        if (total == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        long below = 0;
        for (int i = 0; i < BOUNDS_MILLIS.length; i++) {
            if (below + counts[i] >= rank && counts[i] > 0) {
                long lower = i == 0 ? 0 : BOUNDS_MILLIS[i - 1];
                return lower + (BOUNDS_MILLIS[i] - lower) * (rank - below) / counts[i];
            }
            below += counts[i];
        }
        return BOUNDS_MILLIS[BOUNDS_MILLIS.length - 1];
    }

    /** What was observed since {@code before}, a total this one grew from. */
    public DeliveryLatency minus(DeliveryLatency before) {
        long[] diff = counts.clone();
        for (int i = 0; i < diff.length; i++) {
            diff[i] -= before.counts[i];
        }
        return new DeliveryLatency(diff, sumMillis - before.sumMillis);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeliveryLatency other && sumMillis == other.sumMillis && Arrays.equals(counts, other.counts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(counts) + Long.hashCode(sumMillis);
    }

    @Override
    public String toString() {
        return "DeliveryLatency[count=" + count() + ", sumMillis=" + sumMillis + "]";
    }

    /** Collects observations; confined to one thread. */
    public static final class Recorder {
        private final long[] counts = new long[BOUNDS_MILLIS.length + 1];
        private long sumMillis;

        /** One output acknowledged {@code millis} after its input's timestamp (a clock step back counts as 0). */
        public void observe(long millis) {
            long ms = Math.max(0, millis);
            int bucket = Arrays.binarySearch(BOUNDS_MILLIS, ms);
            counts[bucket >= 0 ? bucket : -bucket - 1]++;
            sumMillis += ms;
        }

        public DeliveryLatency result() {
            return new DeliveryLatency(counts.clone(), sumMillis);
        }
    }
}
