package io.tweetstream.bootstrap.job;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a job has caught up: its group committed the end of every input partition. "Every tweet arrived" is not
 * enough after a crash: the restarted job may still have to re-deliver (and duplicate) what the crash left
 * uncommitted.
 */
public final class GroupLag {

    private GroupLag() {
    }

    /** Waits until the group's committed offsets reach the topic's end; true when they did within the timeout. */
    public static boolean awaitCaughtUp(String bootstrapServers, String group, String topic, Duration timeout)
            throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                boolean caughtUp = admin.listOffsets(latest).all().get().entrySet().stream().allMatch(end -> {
                    OffsetAndMetadata mark = committed.get(end.getKey());
                    return mark != null && mark.offset() >= end.getValue().offset();
                });
                if (caughtUp) {
                    return true;
                }
                Thread.sleep(200);
            }
            return false;
        }
    }
}
