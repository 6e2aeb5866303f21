package io.tweetstream.adapter.spark;

import static io.tweetstream.application.metrics.MetricNames.POOL_BORROWED;
import static io.tweetstream.application.metrics.MetricNames.POOL_BORROWS;
import static io.tweetstream.application.metrics.MetricNames.POOL_IDLE;
import static io.tweetstream.application.metrics.MetricNames.POOL_WAIT;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.tweetstream.application.metrics.PoolStatistics;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * The pipeline's metrics in Spark's metrics system, by Spark's public route: a plug-in ({@code spark.plugins}, which
 * the engine sets) whose registries Spark publishes as the source {@code plugin.<this class>} to every configured sink
 * (the driver UI's {@code /metrics/prometheus/}, JMX, ...).
 *
 * <p>The driver part holds what the tasks counted, merged on the driver from accumulators ({@link SparkDriverMetrics},
 * fed by the engine): an executor's own registry never reaches the driver's sinks. The executor part holds what is
 * per executor JVM by nature: its producer pools. The names of the two parts must differ (in local mode both land
 * under the driver's prefix).
 */
public final class TweetstreamMetricsPlugin implements SparkPlugin {

    @Override
    public DriverPlugin driverPlugin() {
        return new DriverPlugin() {
            private SparkDriverMetrics metrics;

            @Override
            public Map<String, String> init(SparkContext sc, PluginContext context) {
                // Registered here, before Spark turns the registry into a source (an empty one is never published).
                metrics = new SparkDriverMetrics(context.metricRegistry());
                SparkDriverMetrics.publish(metrics);
                return Map.of();
            }

            @Override
            public void shutdown() {
                SparkDriverMetrics.unpublish(metrics);
            }
        };
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new ExecutorPlugin() {
            @Override
            public void init(PluginContext context, Map<String, String> extraConf) {
                registerPoolGauges(context.metricRegistry());
            }
        };
    }

    /** The JVM's producer pools (created later, by the first task): the gauges read whatever pools exist then. */
    static void registerPoolGauges(MetricRegistry registry) {
        registry.register(POOL_BORROWED, (Gauge<Long>) () -> PoolStatistics.total().borrowed());
        registry.register(POOL_IDLE, (Gauge<Long>) () -> PoolStatistics.total().idle());
        registry.register(POOL_BORROWS, (Gauge<Long>) () -> PoolStatistics.total().borrows());
        registry.register(POOL_WAIT + ".ms", (Gauge<Long>) () -> PoolStatistics.total().waitNanos() / 1_000_000);
    }
}
