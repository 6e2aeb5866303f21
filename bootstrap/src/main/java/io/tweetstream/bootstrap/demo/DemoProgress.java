package io.tweetstream.bootstrap.demo;

import io.tweetstream.application.service.PipelineCounters;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** One progress line per call: counts, records/s since the last line, and the consumer group's lag per partition. */
public final class DemoProgress implements AutoCloseable {

    private final Admin admin;
    private final String topic;
    private final String groupId;
    private final long target;
    private long lastConsumed;
    private long lastNanos = System.nanoTime();

    public DemoProgress(String bootstrapServers, String topic, String groupId, long target) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000));
        this.topic = topic;
        this.groupId = groupId;
        this.target = target;
    }

    public void print(PipelineCounters counters) {
        long now = System.nanoTime();
        long consumed = counters.consumed();
        double rate = (consumed - lastConsumed) / ((now - lastNanos) / 1e9);
        lastConsumed = consumed;
        lastNanos = now;
        System.out.printf("consumed %,d/%,d  produced %,d  dead-lettered %,d  %,.0f records/s  lag %s%n",
                consumed, target, counters.produced(), counters.deadLettered(), rate, lag());
    }

    /** End offset minus committed offset, per partition (committed trails delivery by up to one batch). */
    private String lag() {
        try {
            Set<TopicPartition> partitions = admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic)
                    .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            Map<Integer, Long> lag = new TreeMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, end) -> {
                OffsetAndMetadata mark = committed.get(tp);
                lag.put(tp.partition(), end.offset() - (mark == null ? 0 : mark.offset()));
            });
            return lag.entrySet().stream().map(e -> "p" + e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(" "));
        } catch (Exception e) {
            return "unknown (" + e.getClass().getSimpleName() + ")";
        } 
    }

    @Override
    public void close() {
        admin.close();
    }
}
