package io.tweetstream.bootstrap.faults;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * What a killed exactly-once job leaves open in its output, as {@code read_committed} readers see it: the last stable
 * offset (the end offset asked {@code read_committed}) stays at the first record of a transaction still open, while
 * the log end (asked {@code read_uncommitted}) is past it. Readers are blocked until that transaction is aborted: by
 * a new holder of its transactional id, or by the broker after {@code transaction.timeout.ms}. A figure to print.
 */
final class LastStableOffsets implements AutoCloseable {

    private final Admin admin;
    private final Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();

    LastStableOffsets(String bootstrapServers, String topic, int partitionCount) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        for (int p = 0; p < partitionCount; p++) {
            partitions.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
    }

    /** The log end of every partition, open transactions' records included. */
    Map<TopicPartition, Long> logEnds() throws Exception {
        return ends(IsolationLevel.READ_UNCOMMITTED);
    }

    /** How many records of open transactions {@code read_committed} readers cannot read yet, over all partitions. */
    long blockedRecords() throws Exception {
        Map<TopicPartition, Long> logEnds = logEnds();
        Map<TopicPartition, Long> stable = ends(IsolationLevel.READ_COMMITTED);
        return logEnds.entrySet().stream().mapToLong(e -> e.getValue() - stable.get(e.getKey())).sum();
    }

    /**
     * Waits until {@code read_committed} readers can read past {@code logEnds} on every partition (what was open
     * there has been committed or aborted); returns how long that took, or null after {@code timeout}.
     */
    Duration awaitStablePast(Map<TopicPartition, Long> logEnds, Duration timeout) throws Exception {
        long start = System.nanoTime();
        while (System.nanoTime() - start < timeout.toNanos()) {
            Map<TopicPartition, Long> stable = ends(IsolationLevel.READ_COMMITTED);
            if (logEnds.entrySet().stream().allMatch(e -> stable.get(e.getKey()) >= e.getValue())) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(100);
        }
        return null;
    }

    private Map<TopicPartition, Long> ends(IsolationLevel isolation) throws Exception {
        Map<TopicPartition, ListOffsetsResultInfo> answer = admin.listOffsets(partitions,
                new ListOffsetsOptions(isolation)).all().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> ends = new HashMap<>();
        answer.forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
