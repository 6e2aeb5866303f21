package io.tweetstream.adapter.kafka;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How the in-process engine reads.
 *
 * @param groupId consumer group whose committed offsets are the job's progress
 * @param autoOffsetReset {@code earliest} or {@code latest}: where to start in partitions with no committed offset
 * @param consumerConfig further Kafka consumer settings passed through
 * @param readers reader threads asked for; empty means one per partition
 * @param pollTimeout how long one poll waits for records
 */
public record InProcessEngineSettings(String groupId, String autoOffsetReset, Map<String, String> consumerConfig,
                                      OptionalInt readers, Duration pollTimeout) implements Serializable {

    public InProcessEngineSettings {
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("kafka.group.id is required");
        }
        if (!"earliest".equals(autoOffsetReset) && !"latest".equals(autoOffsetReset)) {
            throw new IllegalArgumentException(
                    "kafka.auto.offset.reset must be 'earliest' or 'latest', got '" + autoOffsetReset + "'");
        }
        consumerConfig = Map.copyOf(consumerConfig);
        Objects.requireNonNull(readers, "readers");
        Objects.requireNonNull(pollTimeout, "pollTimeout");
    }

    public static InProcessEngineSettings of(String groupId) {
        return new InProcessEngineSettings(groupId, "earliest", Map.of(), OptionalInt.empty(), Duration.ofMillis(200));
    }
}
