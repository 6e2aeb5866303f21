package io.tweetstream.adapter.spark;

import io.tweetstream.application.message.RawRecord;
import io.tweetstream.application.port.in.ProcessBatchUseCaseFactory;
import java.util.Arrays;
import java.util.Iterator;
import java.util.function.Function;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.streaming.kafka010.OffsetRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one Spark task does with its partition of a batch, on the executor: build the use case from the shipped
 * in-port factory (the sinks take one producer from the executor JVM's pool for the task), run the records through
 * it, count what was delivered, and fail the task, with the partition and offsets in the log, if anything could not
 * be delivered.
 */
final class PartitionTask<T> implements VoidFunction<Iterator<T>> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PartitionTask.class);

    private final ProcessBatchUseCaseFactory pipeline;
    private final AccumulatorMetrics metrics;
    private final OffsetRange[] ranges;
    private final SerializableFunction<T> toRawRecord;

    PartitionTask(ProcessBatchUseCaseFactory pipeline, AccumulatorMetrics metrics, OffsetRange[] ranges,
                  SerializableFunction<T> toRawRecord) {
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.ranges = ranges;
        this.toRawRecord = toRawRecord;
    }

    @Override
    public void call(Iterator<T> records) {
        try {
            metrics.add(pipeline.create().process(new Mapped<>(records, toRawRecord)));
        } catch (RuntimeException e) {
            int partition = TaskContext.getPartitionId();
            LOG.error("task for partition {} of the batch failed; input offsets of the batch: {}", partition,
                    partition < ranges.length ? ranges[partition] : Arrays.toString(ranges), e);
            throw e;
        }
    }

    interface SerializableFunction<T> extends Function<T, RawRecord>, java.io.Serializable {
    }

    private record Mapped<T>(Iterator<T> source, Function<T, RawRecord> mapping) implements Iterator<RawRecord> {
        @Override
        public boolean hasNext() {
            return source.hasNext();
        }

        @Override
        public RawRecord next() {
            return mapping.apply(source.next());
        }
    }
}
