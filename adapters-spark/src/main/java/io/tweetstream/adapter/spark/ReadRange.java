package io.tweetstream.adapter.spark;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.util.TaskCompletionListener;
import org.apache.spark.streaming.kafka010.OffsetRange;

/**
 * On the executor: one offset range to its records, with a consumer of the executor's {@link TaskConsumers} (given back
 * when the range is read, closed when the task ends otherwise). Travels with the consumer settings only, never a live
 * consumer.
 */
final class ReadRange implements FlatMapFunction<OffsetRange, ConsumerRecord<byte[], byte[]>> {

    private static final long serialVersionUID = 1L;

    private final HashMap<String, String> consumerConfig;
    private final Duration stallTimeout;

    /** @param consumerConfig Kafka consumer settings (cluster, security, isolation level); no group is needed */
    ReadRange(Map<String, String> consumerConfig, Duration stallTimeout) {
        this.consumerConfig = new HashMap<>(consumerConfig);
        this.stallTimeout = stallTimeout;
    }

    @Override
    public Iterator<ConsumerRecord<byte[], byte[]>> call(OffsetRange range) {
        ConsumerLease lease = TaskConsumers.forSettings(consumerConfig).borrow(range.topicPartition());
        OffsetRangeReader reader;
        try {
            reader = new OffsetRangeReader(lease, range, stallTimeout);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) context -> reader.close());
        }
        return reader;
    }
}
