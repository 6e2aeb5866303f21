package io.tweetstream.adapter.spark;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The group's lag per input partition, measured on the driver as {@code kafka-consumer-groups --describe} does: the
 * end offset ({@code read_committed}: the last stable offset) minus the group's committed offset. A consumer of its
 * own that never subscribes (it only asks); at most one measurement per {@code every}, whatever the batch interval.
 */
final class DriverLag implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Set<TopicPartition> partitions;
    private final long everyNanos;
    private long lastAt;
    private boolean closed;

    DriverLag(Map<String, Object> kafkaParams, Set<TopicPartition> partitions, Duration every) {
        this.consumer = new KafkaConsumer<>(kafkaParams);
        this.partitions = Set.copyOf(partitions);
        this.everyNanos = every.toNanos();
        this.lastAt = System.nanoTime() - everyNanos;
    }

    /** Per partition, or empty when measured less than {@code every} ago (or closed). */
    synchronized Map<Integer, Long> measure() {
        if (closed || System.nanoTime() - lastAt < everyNanos) {
            return Map.of();
        }
        lastAt = System.nanoTime();
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions, TIMEOUT);
        Map<Integer, Long> lag = new TreeMap<>();
        ends.forEach((tp, end) -> {
            OffsetAndMetadata at = committed.get(tp);
            // Nothing committed yet: the whole partition is behind (from its start, as kafka-consumer-groups shows).
            long from = at == null ? consumer.beginningOffsets(Set.of(tp), TIMEOUT).get(tp) : at.offset();
            lag.put(tp.partition(), Math.max(0, end - from));
        });
        return lag;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            consumer.close(TIMEOUT);
        }
    }
}
