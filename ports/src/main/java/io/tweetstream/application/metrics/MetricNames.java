package io.tweetstream.application.metrics;

/**
 * The one list of metric names, dotted and without a prefix, that both engines export: the in-process engine as
 * Prometheus names ({@code tweetstream_} + the name with {@code _} for {@code .}, and the suffixes Prometheus adds),
 * the Spark engine inside its metrics-system source, where Spark adds its own prefix (README.md, Monitoring).
 */
public final class MetricNames {

    /** Input records read and delivered (counter). */
    public static final String RECORDS_CONSUMED = "records.consumed";
    /** Output records the sinks acknowledged (counter). */
    public static final String RECORDS_PRODUCED = "records.produced";
    /** Input records the dead-letter sink acknowledged, by {@code reason} (counter). */
    public static final String RECORDS_DEAD_LETTERED = "records.dead_lettered";
    /** How long one batch (Spark) or one poll (in-process) took to process and commit (histogram). */
    public static final String BATCH_DURATION = "batch.duration";
    /** Input timestamp to output acknowledgement, per output ({@link DeliveryLatency} buckets). */
    public static final String DELIVERY_LATENCY = "delivery.latency";
    /** Records of a partition not yet committed by the group: end offset (read_committed) minus committed (gauge). */
    public static final String CONSUMER_LAG = "consumer.lag.records";
    /** Producers of the JVM's pools in use (gauge). */
    public static final String POOL_BORROWED = "producer.pool.borrowed";
    /** Producers of the JVM's pools idle (gauge). */
    public static final String POOL_IDLE = "producer.pool.idle";
    /** Borrows from the JVM's pools (counter). */
    public static final String POOL_BORROWS = "producer.pool.borrows";
    /** Time borrowers waited for a producer (counter, seconds on Prometheus, milliseconds on Spark). */
    public static final String POOL_WAIT = "producer.pool.wait";
    /** Exactly-once transactions committed (counter). */
    public static final String TRANSACTIONS_COMMITTED = "transactions.committed";
    /** Exactly-once transactions aborted (counter). */
    public static final String TRANSACTIONS_ABORTED = "transactions.aborted";

    /** Dead letters a result counted without a reason. */
    public static final String UNKNOWN_REASON = "unknown";

    private MetricNames() {
    }
}
