package io.tweetstream.adapter.inprocess;

import io.tweetstream.domain.position.StartPositionPolicy;
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
 */
public record InProcessEngineSettings(String bootstrapServers, String inputTopic, String groupId,
                                      String autoOffsetReset, Map<String, String> consumerConfig,
                                      OptionalInt readers, Duration pollTimeout) {

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
    }

    /** Records one poll hands a reader when the consumer settings do not say ({@code max.poll.records}). */
    public static final int DEFAULT_MAX_POLL_RECORDS = 2000;

    /**
     * Records one poll hands a reader at most: the consumer's {@code max.poll.records}, {@value
     * #DEFAULT_MAX_POLL_RECORDS} unless set. A reader delivers and commits one poll before the next, so a crash makes
     * each reader read at most this many records again.
     */
    public int maxPollRecords() {
        String set = consumerConfig.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG);
        return set == null ? DEFAULT_MAX_POLL_RECORDS : Integer.parseInt(set.trim());
    }

    /** Defaults: earliest, one reader per partition, 200 ms polls. */
    public static InProcessEngineSettings of(String bootstrapServers, String inputTopic, String groupId) {
        return new InProcessEngineSettings(bootstrapServers, inputTopic, groupId, "earliest", Map.of(),
                OptionalInt.empty(), Duration.ofMillis(200));
    }

    private static void required(String setting, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(setting + " is required");
        }
    }
}
