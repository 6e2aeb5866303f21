package io.tweetstream.adapter.spark;

import static io.tweetstream.application.metrics.MetricNames.BATCH_DURATION;
import static io.tweetstream.application.metrics.MetricNames.CONSUMER_LAG;
import static io.tweetstream.application.metrics.MetricNames.DELIVERY_LATENCY;
import static io.tweetstream.application.metrics.MetricNames.RECORDS_CONSUMED;
import static io.tweetstream.application.metrics.MetricNames.RECORDS_DEAD_LETTERED;
import static io.tweetstream.application.metrics.MetricNames.RECORDS_PRODUCED;
import static io.tweetstream.application.metrics.MetricNames.TRANSACTIONS_ABORTED;
import static io.tweetstream.application.metrics.MetricNames.TRANSACTIONS_COMMITTED;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.tweetstream.application.metrics.DeliveryLatency;
import io.tweetstream.application.metrics.MetricNames;
import io.tweetstream.application.port.in.BatchResult;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The driver's part of the Spark metrics, in the driver plug-in's Dropwizard registry (Spark prefixes the names with
 * {@code <namespace>.driver.plugin.<plug-in class>.}): counters of what the batches delivered, the delivery latency as
 * cumulative bucket counters (Prometheus' {@code le} semantics, so they relabel into a histogram), the batch duration,
 * the lag per partition and the transactions.
 *
 * <p>One per Spark context, made by {@link TweetstreamMetricsPlugin} and published here for the engine, which Spark
 * builds apart from the plug-in (plug-ins are made by reflection). Every name is created once and found again: a
 * second engine on the same context adds to the same counters.
 */
final class SparkDriverMetrics {

    static final String LATENCY_BUCKET = DELIVERY_LATENCY + ".seconds.le.";

    private static final AtomicReference<SparkDriverMetrics> CURRENT = new AtomicReference<>();

    private final MetricRegistry registry;
    private final Map<Integer, Long> lag = new ConcurrentHashMap<>();

    SparkDriverMetrics(MetricRegistry registry) {
        this.registry = registry;
        registry.counter(RECORDS_CONSUMED);
        registry.counter(RECORDS_PRODUCED);
        registry.counter(RECORDS_DEAD_LETTERED);
        registry.counter(TRANSACTIONS_COMMITTED);
        registry.counter(TRANSACTIONS_ABORTED);
        registry.histogram(BATCH_DURATION + ".ms");
        for (String bound : latencyBounds()) {
            registry.counter(LATENCY_BUCKET + bound);
        }
        registry.counter(DELIVERY_LATENCY + ".seconds.count");
        registry.counter(DELIVERY_LATENCY + ".seconds.sum_ms");
        registry.gauge(CONSUMER_LAG + ".total", () -> (Gauge<Long>) () -> lag.values().stream()
                .mapToLong(Long::longValue).sum());
    }

    static void publish(SparkDriverMetrics metrics) {
        CURRENT.set(metrics);
    }

    static void unpublish(SparkDriverMetrics metrics) {
        CURRENT.compareAndSet(metrics, null);
    }

    /** The running Spark context's, if it was created with the plug-in. */
    static Optional<SparkDriverMetrics> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    MetricRegistry registry() {
        return registry;
    }

    /** What the batches delivered since the last call. */
    void delivered(BatchResult delta) {
        registry.counter(RECORDS_CONSUMED).inc(delta.consumed());
        registry.counter(RECORDS_PRODUCED).inc(delta.produced());
        registry.counter(RECORDS_DEAD_LETTERED).inc(delta.deadLettered());
        long withReason = 0;
        for (Map.Entry<String, Long> reason : delta.deadLetteredByReason().entrySet()) {
            registry.counter(RECORDS_DEAD_LETTERED + ".reason." + reason.getKey()).inc(reason.getValue());
            withReason += reason.getValue();
        }
        if (delta.deadLettered() > withReason) {
            registry.counter(RECORDS_DEAD_LETTERED + ".reason." + MetricNames.UNKNOWN_REASON)
                    .inc(delta.deadLettered() - withReason);
        }
        DeliveryLatency latency = delta.latency();
        long[] counts = latency.bucketCounts();
        String[] bounds = latencyBounds();
        long cumulative = 0;
        for (int i = 0; i < counts.length; i++) {
            cumulative += counts[i];
            registry.counter(LATENCY_BUCKET + bounds[i]).inc(cumulative);
        }
        registry.counter(DELIVERY_LATENCY + ".seconds.count").inc(latency.count());
        registry.counter(DELIVERY_LATENCY + ".seconds.sum_ms").inc(latency.sumMillis());
    }

    void batchCompleted(long processingMillis) {
        registry.histogram(BATCH_DURATION + ".ms").update(processingMillis);
    }

    void transactionsCommitted(long transactions) {
        registry.counter(TRANSACTIONS_COMMITTED).inc(transactions);
    }

    void transactionAborted() {
        registry.counter(TRANSACTIONS_ABORTED).inc();
    }

    /** The input partition's lag now; its gauge is made the first time. */
    void lag(int partition, long records) {
        lag.put(partition, records);
        registry.gauge(CONSUMER_LAG + ".p" + partition, () -> (Gauge<Long>) () -> lag.getOrDefault(partition, 0L));
    }

    /** {@link DeliveryLatency}'s bounds as names ({@code 0.005} ... {@code 30.0}, then {@code inf}). */
    static String[] latencyBounds() {
        double[] seconds = DeliveryLatency.upperBoundsSeconds();
        String[] names = new String[seconds.length + 1];
        for (int i = 0; i < seconds.length; i++) {
            names[i] = Double.toString(seconds[i]);
        }
        names[seconds.length] = "inf";
        return names;
    }
}
