package io.tweetstream.adapter.spark;

import io.tweetstream.application.port.in.ProcessBatchUseCaseFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.streaming.kafka010.OffsetRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once, on the executor: the task of one input partition's range (the batch is parallelized one range per
 * Spark partition, no shuffle), written by {@link RangeTransaction} with a consumer of the executor's
 * {@link TaskConsumers} whose {@code group.id} is the job's group (assigned, never subscribed: it reads the group's
 * offsets and never joins it).
 * Counts only what was committed.
 */
final class ExactlyOnceTask implements VoidFunction<Iterator<OffsetRange>> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceTask.class);

    private final ProcessBatchUseCaseFactory pipeline;
    private final AccumulatorMetrics metrics;
    private final String group;
    private final HashMap<String, String> consumerConfig;
    private final Duration stallTimeout;
    private final HashMap<TopicPartition, Long> expected;

    /**
     * @param consumerConfig the task consumers' settings (cluster, security, {@code read_committed})
     * @param expected       per partition, the committed offset its range of this batch follows
     */
    ExactlyOnceTask(ProcessBatchUseCaseFactory pipeline, AccumulatorMetrics metrics, String group,
                    Map<String, String> consumerConfig, Duration stallTimeout, Map<TopicPartition, Long> expected) {
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.group = group;
        this.consumerConfig = new HashMap<>(consumerConfig);
        this.consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        this.stallTimeout = stallTimeout;
        this.expected = new HashMap<>(expected);
    }

    @Override
    public void call(Iterator<OffsetRange> ranges) {
        while (ranges.hasNext()) { // one range per task
            OffsetRange range = ranges.next();
            try {
                new RangeTransaction(group, stallTimeout)
                        .write(pipeline.create(), TaskConsumers.forSettings(consumerConfig).borrow(range.topicPartition()),
                                range,
                                expected.getOrDefault(range.topicPartition(), range.fromOffset()))
                        .ifPresent(metrics::addCommitted);
            } catch (RuntimeException e) {
                TaskContext task = TaskContext.get();
                LOG.error("exactly-once task for {} failed (attempt {}); its transaction is aborted, nothing of it "
                        + "is visible", range, task == null ? "?" : task.attemptNumber(), e);
                throw e;
            }
        }
    }
}
