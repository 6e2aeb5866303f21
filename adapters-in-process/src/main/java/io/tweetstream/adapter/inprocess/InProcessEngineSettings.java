package io.tweetstream.adapter.inprocess;

import io.tweetstream.domain.position.StartPositionPolicy;
import io.tweetstream.kafkasource.CommitFailures;
import io.tweetstream.kafkasource.KafkaSecrets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * How the in-process engine reads.
 *
 * @param bootstrapServers Kafka {@code bootstrap.servers}
 * @param inputTopic the topic to read
 * @param groupId consumer group whose committed offsets are the job's progress
 * @param autoOffsetReset {@code earliest} or {@code latest}: where to start in partitions with no committed offset
 * @param consumerConfig further Kafka consumer settings passed through (SSL, SASL, fetch sizes...)
 * @param readers reader threads asked for; empty means one per partition
 * @param pollTimeout how long one poll waits for records
 * @param maxFailedCommits polls in a row whose offset commit may fail (per reader) before the job stops; exactly
 *                         once: polls in a row whose transaction failed (aborted and read again)
 * @param exactlyOnce {@code delivery=exactly-once}: each poll's outputs, dead letters and offsets are committed in one
 *                    Kafka transaction, the input is read {@code read_committed}
 * @param metricsPort where {@code /metrics} (Prometheus) and {@code /health} are served; 0: not served
 */
public record InProcessEngineSettings(String bootstrapServers, String inputTopic, String groupId,
                                      String autoOffsetReset, Map<String, String> consumerConfig,
                                      OptionalInt readers, Duration pollTimeout, int maxFailedCommits,
                                      boolean exactlyOnce, int metricsPort) {

    /** No metrics endpoint. */
    public InProcessEngineSettings(String bootstrapServers, String inputTopic, String groupId, String autoOffsetReset,
                                   Map<String, String> consumerConfig, OptionalInt readers, Duration pollTimeout,
                                   int maxFailedCommits, boolean exactlyOnce) {
        this(bootstrapServers, inputTopic, groupId, autoOffsetReset, consumerConfig, readers, pollTimeout,
                maxFailedCommits, exactlyOnce, 0);
    }

    public InProcessEngineSettings {
        required("kafka.bootstrap.servers", bootstrapServers);
        required("input.topic", inputTopic);
        required("kafka.group.id", groupId);
        try {
            StartPositionPolicy.Reset.parse(autoOffsetReset);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("kafka.auto.offset.reset " + e.getMessage());
        }
        consumerConfig = Map.copyOf(consumerConfig);
        Objects.requireNonNull(readers, "readers");
        Objects.requireNonNull(pollTimeout, "pollTimeout");
        if (maxFailedCommits < 1) {
            throw new IllegalArgumentException("commit.max-failed-batches must be >= 1, got " + maxFailedCommits);
        }
        if (metricsPort < 0 || metricsPort > 65_535) {
            throw new IllegalArgumentException("metrics.port must be 0 (off) or a port, got " + metricsPort);
        }
        String isolation = consumerConfig.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG);
        if (exactlyOnce && isolation != null && !isolation.strip().equalsIgnoreCase("read_committed")) {
            throw new IllegalArgumentException("kafka.consumer.isolation.level must be read_committed with "
                    + "delivery=exactly-once, got " + isolation + ": records of aborted upstream transactions would "
                    + "be processed and published");
        }
    }

    /** At least once, by default: as it is; the same settings in exactly-once mode otherwise. */
    public InProcessEngineSettings withExactlyOnce(boolean exactlyOnce) {
        return new InProcessEngineSettings(bootstrapServers, inputTopic, groupId, autoOffsetReset, consumerConfig,
                readers, pollTimeout, maxFailedCommits, exactlyOnce, metricsPort);
    }

    /** The same settings with {@code /metrics} and {@code /health} on {@code port} (0: off). */
    public InProcessEngineSettings withMetricsPort(int port) {
        return new InProcessEngineSettings(bootstrapServers, inputTopic, groupId, autoOffsetReset, consumerConfig,
                readers, pollTimeout, maxFailedCommits, exactlyOnce, port);
    }

    /** Secrets hidden: Kafka's PASSWORD settings, and keys Kafka does not know. */
    @Override
    public String toString() {
        return "InProcessEngineSettings[bootstrapServers=" + bootstrapServers + ", inputTopic=" + inputTopic
                + ", groupId=" + groupId + ", autoOffsetReset=" + autoOffsetReset + ", consumerConfig="
                + KafkaSecrets.redacted(consumerConfig) + ", readers=" + readers + ", pollTimeout=" + pollTimeout
                + ", maxFailedCommits=" + maxFailedCommits + ", exactlyOnce=" + exactlyOnce + ", metricsPort=" + metricsPort
                + "]";
    }


    /** Records one poll hands a reader when the consumer settings do not say ({@code max.poll.records}). */
    public static final int DEFAULT_MAX_POLL_RECORDS = 2000;

    /**
     * Exactly once, records one poll (one transaction) hands a reader when the consumer settings do not say. A crash
     * duplicates nothing there, so polls can be larger than at least once: every transaction costs a few round trips
     * to the coordinators (offsets added, commit) that the reader waits for, and ten times fewer transactions made the
     * exactly-once run of the throughput benchmark about 1.25x faster (benchmarks/README.md).
     */
    public static final int DEFAULT_EXACTLY_ONCE_MAX_POLL_RECORDS = 20_000;
    /**
     * Exactly once, bytes one fetch may bring per partition when the consumer settings do not say: Kafka's 1 MiB
     * default holds about 6,000 tweets, and a poll returns at most what one fetch brought.
     */
    public static final int DEFAULT_EXACTLY_ONCE_MAX_PARTITION_FETCH_BYTES = 4 << 20;

    /**
     * Records one poll hands a reader at most: the consumer's {@code max.poll.records}, unless set {@value
     * #DEFAULT_MAX_POLL_RECORDS} (at least once: a crash makes each reader read at most this many records again) or
     * {@value #DEFAULT_EXACTLY_ONCE_MAX_POLL_RECORDS} (exactly once: one poll is one transaction).
     */
    public int maxPollRecords() {
        String set = consumerConfig.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG);
        if (set != null) {
            return Integer.parseInt(set.trim());
        }
        return exactlyOnce ? DEFAULT_EXACTLY_ONCE_MAX_POLL_RECORDS : DEFAULT_MAX_POLL_RECORDS;
    }

    /** Defaults: earliest, one reader per partition, 200 ms polls, 30 failed commits in a row, at least once. */
    public static InProcessEngineSettings of(String bootstrapServers, String inputTopic, String groupId) {
        return new InProcessEngineSettings(bootstrapServers, inputTopic, groupId, "earliest", Map.of(),
                OptionalInt.empty(), Duration.ofMillis(200), CommitFailures.DEFAULT_MAX_FAILED_BATCHES, false);
    }

    private static void required(String setting, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(setting + " is required");
        }
    }
}
