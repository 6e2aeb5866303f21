package io.tweetstream.bootstrap.config;

import io.tweetstream.adapter.kafka.KafkaSettings;
import io.tweetstream.adapter.spark.SparkEngineSettings;
import io.tweetstream.domain.parallelism.ProcessingParallelism;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * What {@code delivery=exactly-once} requires of the other settings. Each refusal says why; together they are a
 * configuration error (exit 2), found before anything starts.
 */
final class ExactlyOnceRules {

    /**
     * The broker's {@code transaction.max.timeout.ms} by default: a producer asking for a longer transaction timeout
     * is refused by the broker ({@code InvalidTxnTimeoutException}) in every task, so it is refused here first.
     */
    static final Duration BROKER_MAX_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);
    /**
     * How long a Spark task may wait for its range to make progress before it fails (the Spark engine's task read
     * stall timeout): its transaction may stay open that long after its first send.
     */
    static final Duration SPARK_TASK_READ_STALL = SparkEngineSettings.TASK_READ_STALL;
    /** The transaction timeout tweetstream sets when none is written: what a batch needs, plus this. */
    static final Duration DEFAULT_TIMEOUT_MARGIN = Duration.ofSeconds(60);

    private ExactlyOnceRules() {
    }

    /**
     * How long a batch's transaction may have to stay open, from its first send to its commit: a send may take up
     * to the producer's {@code delivery.timeout.ms} before it fails; a Spark task may also wait up to its read stall
     * timeout for its range, and a batch lasts about one batch interval. The transaction timeout must be longer, or
     * the broker aborts (and fences) every transaction of a slow batch, and the retries do the same.
     */
    static Duration longestBatch(String engine, KafkaSettings kafka, Duration batchInterval) {
        Duration longest = Duration.ofMillis(Long.parseLong(kafka.producerSetting(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)));
        if (engine.equals("spark")) {
            longest = max(longest, max(SPARK_TASK_READ_STALL, batchInterval));
        }
        return longest;
    }

    /** The transaction timeout when none is written: {@link #longestBatch} plus a margin, within the broker's limit. */
    static Duration defaultTransactionTimeout(Duration longestBatch) {
        Duration timeout = longestBatch.plus(DEFAULT_TIMEOUT_MARGIN);
        return timeout.compareTo(BROKER_MAX_TRANSACTION_TIMEOUT) > 0 ? BROKER_MAX_TRANSACTION_TIMEOUT : timeout;
    }

    /**
     * @param sinks the chosen sink plug-ins' names
     * @param consumer the consumer settings passed through (client and consumer)
     * @param sparkConfig the settings passed to Spark as is
     * @return every problem, empty if the settings allow exactly-once delivery
     */
    static List<String> problems(String engine, List<String> sinks, KafkaSettings kafka, Map<String, String> consumer,
                                 ProcessingParallelism processing, Map<String, String> sparkConfig,
                                 Duration batchInterval) {
        List<String> problems = new ArrayList<>();
        if (!sinks.equals(List.of("kafka"))) {
            problems.add("delivery=exactly-once needs sinks=kafka alone, got sinks=" + String.join(",", sinks)
                    + ": only the Kafka output topic is written in the Kafka transaction that also commits the input "
                    + "offsets; any other sink would be written outside it, at least once");
        }
        String isolation = consumer.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG);
        if (isolation != null && !isolation.strip().equalsIgnoreCase("read_committed")) {
            problems.add("delivery=exactly-once reads the input read_committed, got isolation.level=" + isolation
                    + ": records of aborted upstream transactions would be processed and published");
        }
        // acks=all, idempotence and spark.streaming.concurrentJobs=1, which transactions need, are always
        // required (UnsafeSettings).
        Duration timeout = Duration.ofMillis(Long.parseLong(
                kafka.producerSetting(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG).strip()));
        Duration longest = longestBatch(engine, kafka, batchInterval);
        if (timeout.compareTo(longest) <= 0) {
            problems.add("kafka.producer.transaction.timeout.ms (" + timeout.toMillis() + ") must be longer than a "
                    + "batch's transaction can last (" + longest.toMillis() + " ms: the producer's delivery.timeout.ms"
                    + (engine.equals("spark") ? ", the Spark task read stall timeout of " + SPARK_TASK_READ_STALL
                    .toSeconds() + " s and spark.batch-interval" : "") + "): otherwise the broker aborts the "
                    + "transaction of a slow batch, and every retry of it the same way");
        }
        if (timeout.compareTo(BROKER_MAX_TRANSACTION_TIMEOUT) > 0) {
            problems.add("kafka.producer.transaction.timeout.ms (" + timeout.toMillis() + ") is above the broker's "
                    + "default transaction.max.timeout.ms (" + BROKER_MAX_TRANSACTION_TIMEOUT.toMillis() + "), which "
                    + "refuses such producers; a shorter timeout also unblocks read_committed readers sooner after "
                    + "a crash");
        }
        if (engine.equals("spark")) {
            if (!(processing instanceof ProcessingParallelism.SameAsRead)) {
                problems.add("delivery=exactly-once needs processing.parallelism=same-as-read, got " + processing
                        + ": a shuffle would split one input partition's range over several tasks, while each task "
                        + "commits its partition's offsets in its own transaction");
            }
            if (Boolean.parseBoolean(sparkConfig.getOrDefault("spark.speculation", "false").strip())) {
                problems.add("delivery=exactly-once refuses spark.conf.spark.speculation=true: a speculative copy of "
                        + "a task fences the original (same transactional id), which then fails and counts toward "
                        + "spark.task.maxFailures, and both do the work");
            }
        }
        return problems;
    }

    /**
     * A Kafka transaction lives on one cluster: the outputs and the input's offsets (kept by the input cluster's
     * group coordinator) must be written by the same producer.
     *
     * @param outputBootstrapServers the Kafka sink's {@code output.bootstrap.servers}, or {@code null} if not written
     */
    static List<String> oneCluster(String inputBootstrapServers, String outputBootstrapServers) {
        if (outputBootstrapServers == null || outputBootstrapServers.strip().equals(inputBootstrapServers.strip())) {
            return List.of();
        }
        return List.of("delivery=exactly-once needs the output on the input's cluster, got output.bootstrap.servers="
                + outputBootstrapServers.strip() + ": one Kafka transaction commits the outputs and the input's offsets "
                + "together, and a transaction cannot span two clusters");
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
