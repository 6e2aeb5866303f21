package io.tweetstream.adapter.spark;

import io.tweetstream.domain.parallelism.ProcessingParallelism;
import io.tweetstream.kafkasource.CommitFailures;
import io.tweetstream.kafkasource.KafkaSecrets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * How the Spark engine reads and paces the input, validated with messages that name the setting.
 *
 * @param appName Spark application name
 * @param master Spark master URL, or null to take it from spark-submit
 * @param inputTopic the topic to read
 * @param bootstrapServers Kafka {@code bootstrap.servers}
 * @param groupId consumer group whose committed offsets are the job's progress
 * @param autoOffsetReset {@code earliest} or {@code latest}: where to start in partitions with no committed offset
 * @param consumerConfig further Kafka consumer settings passed through (SSL, SASL, fetch sizes...)
 * @param batchInterval micro-batch interval
 * @param maxRatePerPartition records per second per partition at most, so that every batch, the first after a start
 *                            included, holds at most {@link #maxRecordsPerPartitionPerBatch()} records per partition
 *                            (0: unlimited, and then the first batch after a start is the whole backlog)
 * @param backpressure whether Spark adapts the rate to the processing speed
 * @param backpressureInitialRate records per second over all partitions for the first batches under backpressure,
 *                                still capped per partition (0: none, the per-partition cap alone bounds them)
 * @param processing processing parallelism ({@code same-as-read} avoids a shuffle)
 * @param sparkConfig further Spark settings passed through (they win over the ones above)
 * @param maxFailedCommits batches in a row whose offset commit may fail before the job stops
 * @param exactlyOnce whether each task writes its input partition's range and that range's end offset in one Kafka
 *                    transaction (the pipeline must then be built with a transactional output): the driver reads by
 *                    assignment, outside the consumer group, and commits nothing itself
 */
public record SparkEngineSettings(
        String appName,
        String master,
        String inputTopic,
        String bootstrapServers,
        String groupId,
        String autoOffsetReset,
        Map<String, String> consumerConfig,
        Duration batchInterval,
        long maxRatePerPartition,
        boolean backpressure,
        long backpressureInitialRate,
        ProcessingParallelism processing,
        Map<String, String> sparkConfig,
        int maxFailedCommits,
        boolean exactlyOnce) {

    /**
     * The default per-partition cap, in records per second: above what one partition's task processes on a small
     * machine (about 21,000 records/s on 2 cores), so it costs little throughput, while a batch after a start can no
     * longer be the whole backlog. With backpressure (the default) Spark sizes batches to the processing speed below
     * this cap; the cap is the bound that holds before backpressure has measured anything.
     */
    public static final long DEFAULT_MAX_RATE_PER_PARTITION = 25_000;

    /**
     * The default per-partition cap with exactly-once delivery. The at-least-once cap bounds what a crash delivers
     * twice; exactly once, a crash delivers nothing twice (its open transactions are aborted and written again), so
     * the cap only has to keep a batch's transactions well inside their timeout (180 s by default) while leaving room
     * for transactions large enough that their fixed cost (a few round trips each) stays small: 100,000 records/s x a
     * 1 s batch is one transaction of 100,000 records per partition, about a second of one core's work here. With
     * 25,000 the throughput benchmark's exactly-once Spark run was held at 150,000 records/s over 6 partitions
     * (84,317-93,362 from start); with this cap and the ids fenced in parallel, 211,186-281,770 (benchmarks/README.md).
     */
    public static final long DEFAULT_EXACTLY_ONCE_MAX_RATE_PER_PARTITION = 100_000;

    /**
     * A task whose range stops advancing this long fails (the broker is gone, or the records are). Exactly once, a
     * task's transaction may stay open that long after its first send: the transaction timeout must exceed it.
     */
    public static final Duration TASK_READ_STALL = Duration.ofSeconds(120);

    /** Spark's setting for how many batches may run at once (1 by default). */
    static final String CONCURRENT_JOBS = "spark.streaming.concurrentJobs";

    public SparkEngineSettings {
        required("spark.app-name", appName);
        required("input.topic", inputTopic);
        required("kafka.bootstrap.servers", bootstrapServers);
        required("kafka.group.id", groupId);
        if (!"earliest".equals(autoOffsetReset) && !"latest".equals(autoOffsetReset)) {
            throw new IllegalArgumentException(
                    "kafka.auto.offset.reset must be 'earliest' or 'latest', got '" + autoOffsetReset + "'");
        }
        consumerConfig = Map.copyOf(consumerConfig);
        if (consumerConfig.containsKey(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG)
                && !"false".equals(consumerConfig.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG))) {
            throw new IllegalArgumentException("enable.auto.commit must stay false: offsets are committed after delivery");
        }
        Objects.requireNonNull(batchInterval, "batchInterval");
        if (batchInterval.toMillis() < 1) {
            throw new IllegalArgumentException("spark.batch-interval must be at least 1 ms, got " + batchInterval);
        }
        if (maxRatePerPartition < 0) {
            throw new IllegalArgumentException("spark.max-rate-per-partition must be >= 0, got " + maxRatePerPartition);
        }
        if (backpressureInitialRate < 0) {
            throw new IllegalArgumentException("spark.backpressure.initial-rate must be >= 0, got " + backpressureInitialRate);
        }
        Objects.requireNonNull(processing, "processing");
        sparkConfig = Map.copyOf(sparkConfig);
        if (maxFailedCommits < 1) {
            throw new IllegalArgumentException("commit.max-failed-batches must be >= 1, got " + maxFailedCommits);
        }
        if (exactlyOnce) {
            checkExactlyOnce(processing, consumerConfig, sparkConfig);
        }
    }

    /**
     * What exactly-once delivery cannot work with: one task must own one input partition's range (its transaction
     * commits that range's end offset), so no shuffle, no speculative copy, no two batches at once; and no record of
     * an aborted upstream transaction may be read.
     */
    private static void checkExactlyOnce(ProcessingParallelism processing, Map<String, String> consumerConfig,
                                         Map<String, String> sparkConfig) {
        if (!(processing instanceof ProcessingParallelism.SameAsRead)) {
            throw new IllegalArgumentException("processing.parallelism must be " + ProcessingParallelism.SAME_AS_READ
                    + " with exactly-once delivery, got " + processing + ": each task writes one input partition's "
                    + "range and commits its end offset in one transaction, which a shuffle would spread over tasks");
        }
        String isolation = consumerConfig.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG);
        if (isolation != null && !"read_committed".equals(isolation)) {
            throw new IllegalArgumentException("isolation.level must be read_committed with exactly-once delivery, "
                    + "got " + isolation + ": records of aborted upstream transactions would be processed");
        }
        if (Boolean.parseBoolean(sparkConfig.getOrDefault("spark.speculation", "false").strip())) {
            throw new IllegalArgumentException("spark.speculation must be false with exactly-once delivery: a "
                    + "speculative copy of a task fences the original's transaction, and both do the work");
        }
        String concurrentJobs = sparkConfig.getOrDefault(CONCURRENT_JOBS, "1").strip();
        if (!"1".equals(concurrentJobs)) {
            throw new IllegalArgumentException(CONCURRENT_JOBS + " must be 1 with exactly-once delivery, got "
                    + concurrentJobs + ": two batches of one partition would write under the same transactional id");
        }
    }

    /** Secrets hidden: Kafka's PASSWORD settings (and keys Kafka does not know), Spark's by spark.redaction.regex. */
    @Override
    public String toString() {
        return "SparkEngineSettings[appName=" + appName + ", master=" + master + ", inputTopic=" + inputTopic
                + ", bootstrapServers=" + bootstrapServers + ", groupId=" + groupId + ", autoOffsetReset="
                + autoOffsetReset + ", consumerConfig=" + KafkaSecrets.redacted(consumerConfig) + ", batchInterval="
                + batchInterval + ", maxRatePerPartition=" + maxRatePerPartition + ", backpressure=" + backpressure
                + ", backpressureInitialRate=" + backpressureInitialRate + ", processing=" + processing
                + ", sparkConfig=" + SparkSecrets.redacted(sparkConfig) + ", maxFailedCommits=" + maxFailedCommits
                + ", exactlyOnce=" + exactlyOnce + "]";
    }


    /**
     * The most records one batch reads from one partition, as Spark's direct stream computes it:
     * {@code maxRatePerPartition × batch interval in seconds} (at least 1); empty when the rate is unlimited. What a
     * crash can make the job read again is about one such batch per partition (Spark commits a batch's offsets with
     * the next batch). A {@code spark.streaming.kafka.*} rate in {@link #sparkConfig()} would win over this.
     */
    public OptionalLong maxRecordsPerPartitionPerBatch() {
        if (maxRatePerPartition == 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(1, maxRatePerPartition * batchInterval.toMillis() / 1000));
    }

    /**
     * Defaults: earliest, 1 s batches, {@value #DEFAULT_MAX_RATE_PER_PARTITION} records/s per partition at most,
     * backpressure on with no initial rate, no shuffle, 30 failed commits in a row, at least once.
     */
    public static Builder builder(String inputTopic, String bootstrapServers, String groupId) {
        return new Builder(inputTopic, bootstrapServers, groupId);
    }

    /** Builds settings from defaults; validation happens in {@link #build()}. */
    public static final class Builder {
        private final String inputTopic;
        private final String bootstrapServers;
        private final String groupId;
        private String appName = "tweetstream";
        private String master;
        private String autoOffsetReset = "earliest";
        private Map<String, String> consumerConfig = Map.of();
        private Duration batchInterval = Duration.ofSeconds(1);
        private long maxRatePerPartition = DEFAULT_MAX_RATE_PER_PARTITION;
        private boolean backpressure = true;
        private long backpressureInitialRate;
        private ProcessingParallelism processing = ProcessingParallelism.sameAsRead();
        private Map<String, String> sparkConfig = Map.of();
        private int maxFailedCommits = CommitFailures.DEFAULT_MAX_FAILED_BATCHES;
        private boolean exactlyOnce;

        private Builder(String inputTopic, String bootstrapServers, String groupId) {
            this.inputTopic = inputTopic;
            this.bootstrapServers = bootstrapServers;
            this.groupId = groupId;
        }

        public Builder appName(String value) {
            appName = value;
            return this;
        }

        public Builder master(String value) {
            master = value;
            return this;
        }

        public Builder autoOffsetReset(String value) {
            autoOffsetReset = value;
            return this;
        }

        public Builder consumerConfig(Map<String, String> value) {
            consumerConfig = value;
            return this;
        }

        public Builder batchInterval(Duration value) {
            batchInterval = value;
            return this;
        }

        public Builder maxRatePerPartition(long value) {
            maxRatePerPartition = value;
            return this;
        }

        public Builder backpressure(boolean enabled, long initialRate) {
            backpressure = enabled;
            backpressureInitialRate = initialRate;
            return this;
        }

        public Builder processing(ProcessingParallelism value) {
            processing = value;
            return this;
        }

        public Builder sparkConfig(Map<String, String> value) {
            sparkConfig = value;
            return this;
        }

        public Builder maxFailedCommits(int value) {
            maxFailedCommits = value;
            return this;
        }

        public Builder exactlyOnce(boolean value) {
            exactlyOnce = value;
            return this;
        }

        public SparkEngineSettings build() {
            return new SparkEngineSettings(appName, master, inputTopic, bootstrapServers, groupId, autoOffsetReset,
                    consumerConfig, batchInterval, maxRatePerPartition, backpressure, backpressureInitialRate,
                    processing, sparkConfig, maxFailedCommits, exactlyOnce);
        }
    }

    private static void required(String setting, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(setting + " is required");
        }
    }
}
