package io.tweetstream.adapter.inprocess;

import static io.tweetstream.application.metrics.MetricNames.BATCH_DURATION;
import static io.tweetstream.application.metrics.MetricNames.CONSUMER_LAG;
import static io.tweetstream.application.metrics.MetricNames.DELIVERY_LATENCY;
import static io.tweetstream.application.metrics.MetricNames.POOL_BORROWED;
import static io.tweetstream.application.metrics.MetricNames.POOL_BORROWS;
import static io.tweetstream.application.metrics.MetricNames.POOL_IDLE;
import static io.tweetstream.application.metrics.MetricNames.POOL_WAIT;
import static io.tweetstream.application.metrics.MetricNames.RECORDS_CONSUMED;
import static io.tweetstream.application.metrics.MetricNames.RECORDS_DEAD_LETTERED;
import static io.tweetstream.application.metrics.MetricNames.RECORDS_PRODUCED;
import static io.tweetstream.application.metrics.MetricNames.TRANSACTIONS_ABORTED;
import static io.tweetstream.application.metrics.MetricNames.TRANSACTIONS_COMMITTED;

import io.tweetstream.application.metrics.DeliveryLatency;
import io.tweetstream.application.metrics.MetricNames;
import io.tweetstream.application.metrics.PoolStatistics;
import io.tweetstream.application.port.in.BatchResult;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicPartition;

/**
 * The in-process engine's metrics, with the Prometheus Java client, in a registry of this engine's own (several
 * engines may run in one JVM: tests). The names are {@link MetricNames}' with {@code tweetstream_} in front; what the
 * use case counted arrives as {@link BatchResult}s, the rest (lag, poll time, transactions) from the readers, the
 * producer pools' state from {@link PoolStatistics}.
 */
final class InProcessMetrics {

    static final String PREFIX = "tweetstream_";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter consumed;
    private final Counter produced;
    private final Counter deadLettered;
    private final Counter committed;
    private final Counter aborted;
    private final Histogram batchDuration;
    private final AtomicReference<DeliveryLatency> latency = new AtomicReference<>(DeliveryLatency.NONE);
    private final Map<TopicPartition, Long> lag = new ConcurrentHashMap<>();

    InProcessMetrics() {
        consumed = Counter.builder().name(name(RECORDS_CONSUMED)).help("input records read and delivered")
                .register(registry);
        produced = Counter.builder().name(name(RECORDS_PRODUCED)).help("output records the sinks acknowledged")
                .register(registry);
        deadLettered = Counter.builder().name(name(RECORDS_DEAD_LETTERED)).labelNames("reason")
                .help("input records the dead-letter sink acknowledged, by reason (the dead letter's error type)")
                .register(registry);
        committed = Counter.builder().name(name(TRANSACTIONS_COMMITTED))
                .help("exactly-once transactions committed (one per poll)").register(registry);
        aborted = Counter.builder().name(name(TRANSACTIONS_ABORTED))
                .help("exactly-once transactions aborted (the poll is read again)").register(registry);
        batchDuration = Histogram.builder().name(name(BATCH_DURATION) + "_seconds").unit(Unit.SECONDS)
                .help("one poll: process, deliver, commit").classicOnly()
                .classicUpperBounds(DeliveryLatency.upperBoundsSeconds()).register(registry);
        registry.register(new LatencyCollector());
        GaugeWithCallback.builder().name(name(CONSUMER_LAG)).labelNames("topic", "partition")
                .help("records of the partition the group has not committed: end offset (read_committed) minus "
                        + "committed offset, as each reader saw it after its last commit")
                .callback(cb -> lag.forEach((tp, n) -> cb.call(n, tp.topic(), Integer.toString(tp.partition()))))
                .register(registry);
        GaugeWithCallback.builder().name(name(POOL_BORROWED)).help("producers of this JVM's pools in use")
                .callback(cb -> cb.call(PoolStatistics.total().borrowed())).register(registry);
        GaugeWithCallback.builder().name(name(POOL_IDLE)).help("producers of this JVM's pools idle")
                .callback(cb -> cb.call(PoolStatistics.total().idle())).register(registry);
        CounterWithCallback.builder().name(name(POOL_BORROWS)).help("borrows from this JVM's producer pools")
                .callback(cb -> cb.call(PoolStatistics.total().borrows())).register(registry);
        CounterWithCallback.builder().name(name(POOL_WAIT) + "_seconds").unit(Unit.SECONDS)
                .help("time borrowers waited for a producer (a new producer's creation included)")
                .callback(cb -> cb.call(PoolStatistics.total().waitNanos() / 1e9)).register(registry);
    }

    static String name(String logical) {
        return PREFIX + logical.replace('.', '_');
    }

    PrometheusRegistry registry() {
        return registry;
    }

    /** One poll delivered (and committed). */
    void delivered(BatchResult result, Duration took) {
        consumed.inc(result.consumed());
        produced.inc(result.produced());
        long withReason = 0;
        for (Map.Entry<String, Long> reason : result.deadLetteredByReason().entrySet()) {
            deadLettered.labelValues(reason.getKey()).inc(reason.getValue());
            withReason += reason.getValue();
        }
        if (result.deadLettered() > withReason) {
            deadLettered.labelValues(MetricNames.UNKNOWN_REASON).inc(result.deadLettered() - withReason);
        }
        latency.accumulateAndGet(result.latency(), DeliveryLatency::plus);
        batchDuration.observe(took.toNanos() / 1e9);
    }

    void transactionCommitted() {
        committed.inc();
    }

    void transactionAborted() {
        aborted.inc();
    }

    void lag(TopicPartition partition, long records) {
        lag.put(partition, records);
    }

    /** Partitions a reader no longer owns: their lag is another reader's (or another process') to report. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(lag::remove);
    }

    /** The delivery latency totals as a classic Prometheus histogram: the buckets are {@link DeliveryLatency}'s. */
    private final class LatencyCollector implements Collector {
        private final String name = name(DELIVERY_LATENCY) + "_seconds";

        @Override
        public MetricSnapshot collect() {
            DeliveryLatency total = latency.get();
            double[] bounds = Arrays.copyOf(DeliveryLatency.upperBoundsSeconds(),
                    DeliveryLatency.upperBoundsSeconds().length + 1);
            bounds[bounds.length - 1] = Double.POSITIVE_INFINITY;
            return HistogramSnapshot.builder().name(name).unit(Unit.SECONDS)
                    .help("per output record, its input's timestamp to the acknowledgement of its delivery")
                    .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                            .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, total.bucketCounts()))
                            .sum(total.sumMillis() / 1000.0)
                            .build())
                    .build();
        }

        @Override
        public String getPrometheusName() {
            return name;
        }
    }
}
