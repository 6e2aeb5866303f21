package io.tweetstream.adapter.spark;

import io.tweetstream.application.port.in.ProcessBatchUseCaseFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.streaming.kafka010.OffsetRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once, driver side: what the driver knows between batches. The group's committed offset per partition as
 * the tasks' transactions left it (so each task can check its range follows it), and the input's partition count:
 * the driver reads the partitions it was assigned at start, so a partition added later would never be read; the job
 * stops and says so instead.
 */
final class ExactlyOnceBatches {

    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceBatches.class);

    private final String group;
    private final String topic;
    private final Map<String, String> taskConsumerConfig;
    private final Duration stallTimeout;
    private final Map<TopicPartition, Long> committed;
    private final int partitions;
    private final IntSupplier currentPartitions;

    /**
     * @param committedAtStart  the group's committed offset of every input partition when the job started
     *                          ({@link CommittedOffsetCheck#NOTHING_COMMITTED} where none)
     * @param currentPartitions asks Kafka how many partitions the input has now
     */
    ExactlyOnceBatches(String group, String topic, Map<String, String> taskConsumerConfig, Duration stallTimeout,
                       Map<TopicPartition, Long> committedAtStart, IntSupplier currentPartitions) {
        this.group = group;
        this.topic = topic;
        this.taskConsumerConfig = Map.copyOf(taskConsumerConfig);
        this.stallTimeout = stallTimeout;
        this.committed = new HashMap<>(committedAtStart);
        this.partitions = committedAtStart.size();
        this.currentPartitions = currentPartitions;
    }

    /** Fails when the input has more partitions than the job reads; a failed look-up is tried on the next batch. */
    void checkPartitionCount() {
        int now;
        try {
            now = currentPartitions.getAsInt();
        } catch (RuntimeException e) {
            LOG.warn("could not read the partition count of {} ({}); checking again on the next batch", topic,
                    e.toString());
            return;
        }
        if (now != partitions) {
            throw new IllegalStateException("input topic '" + topic + "' now has " + now + " partitions, the job "
                    + "reads the " + partitions + " it had at start (with exactly-once delivery the job reads its "
                    + "partitions by assignment): restart the job to read the new ones");
        }
    }

    /** The task that writes this batch's ranges, each checked against the offset the group should hold before it. */
    synchronized ExactlyOnceTask task(ProcessBatchUseCaseFactory pipeline, AccumulatorMetrics metrics) {
        return new ExactlyOnceTask(pipeline, metrics, group, taskConsumerConfig, stallTimeout, committed);
    }

    /** Per partition, the committed offset its next range must follow. */
    synchronized Map<TopicPartition, Long> committed() {
        return Map.copyOf(committed);
    }

    /** Every one of {@code ranges} is committed: the next range of each partition follows its end. */
    synchronized void committed(List<OffsetRange> ranges) {
        ranges.forEach(range -> committed.put(range.topicPartition(), range.untilOffset()));
    }
}
