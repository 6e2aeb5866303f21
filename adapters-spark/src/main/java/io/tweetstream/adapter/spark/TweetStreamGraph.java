package io.tweetstream.adapter.spark;

import io.tweetstream.application.port.in.ProcessBatchUseCaseFactory;
import io.tweetstream.kafkasource.KafkaRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.api.java.JavaInputDStream;
import org.apache.spark.streaming.kafka010.CanCommitOffsets;
import org.apache.spark.streaming.kafka010.HasOffsetRanges;
import org.apache.spark.streaming.kafka010.OffsetRange;
import scala.Tuple2;

/**
 * The stream graph, built apart from the runner that owns the context (as Kafka Streams' WordCountDemo
 * separates {@code createWordCountStream} from {@code main}), so it can be tested on its own.
 *
 * <p>Per batch, on the driver: take the offset ranges first (before any shuffle), run every partition through
 * the use case in one output action, and only when the action succeeded (every partition delivered) commit
 * the ranges. A failed action fails the batch: nothing is committed, and every later batch is refused.
 *
 * <p>What runs in {@code foreachRDD} is driver code: it uses the engine's own ledger directly. Only the ranges, the
 * consumer settings ({@link ReadRange}) and the {@link PartitionTask} (the in-port factory, the accumulators) travel
 * to executors. The direct stream plans the ranges (rate limits, backpressure) and commits them; the tasks read them.
 *
 * <p>Exactly once ({@link ExactlyOnceBatches}), the driver commits nothing: each range is one task
 * ({@link ExactlyOnceTask}) whose transaction commits the range's outputs and its end offset together. A failed
 * batch is still refused for good, and so is every later one.
 */
final class TweetStreamGraph {

    private final ProcessBatchUseCaseFactory pipeline;
    private final AccumulatorMetrics metrics;
    private final int shufflePartitions;
    private final OffsetLedger ledger;
    private final ReadRange readRange;
    private final ExactlyOnceBatches exactlyOnce;

    /**
     * @param shufflePartitions processing partitions when the plan asks for a repartition, 0 to process where read
     * @param ledger the engine's driver-side record of delivered and committed offsets
     * @param exactlyOnce how batches are written exactly once, or null for at least once
     */
    TweetStreamGraph(ProcessBatchUseCaseFactory pipeline, AccumulatorMetrics metrics, int shufflePartitions,
                     OffsetLedger ledger, ReadRange readRange, ExactlyOnceBatches exactlyOnce) {
        if (exactlyOnce != null && shufflePartitions > 0) {
            throw new IllegalArgumentException("exactly-once delivery writes each input partition's range in one "
                    + "task: a shuffle is refused");
        }
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.shufflePartitions = shufflePartitions;
        this.ledger = ledger;
        this.readRange = readRange;
        this.exactlyOnce = exactlyOnce;
    }

    void wire(JavaInputDStream<ConsumerRecord<byte[], byte[]>> stream) {
        CanCommitOffsets committer = (CanCommitOffsets) stream.inputDStream();
        stream.foreachRDD((rdd, time) -> processBatch(rdd, time, committer));
    }

    private void processBatch(JavaRDD<ConsumerRecord<byte[], byte[]>> rdd, Time time, CanCommitOffsets committer) {
        ledger.checkNoEarlierFailure(time);
        OffsetRange[] ranges = ((HasOffsetRanges) rdd.rdd()).offsetRanges();
        if (exactlyOnce != null) {
            processExactlyOnce(rdd, ranges);
            return;
        }
        long offsets = 0;
        for (OffsetRange range : ranges) {
            offsets += range.count();
        }
        if (offsets == 0) {
            return; // nothing read, nothing to deliver or commit
        }
        // One task per partition's range, reading it itself (OffsetRangeReader says why not Spark's KafkaRDD).
        List<OffsetRange> toRead = Arrays.stream(ranges).filter(r -> r.count() > 0).toList();
        JavaRDD<ConsumerRecord<byte[], byte[]>> records = JavaSparkContext.fromSparkContext(rdd.context())
                .parallelize(toRead, toRead.size())
                .flatMap(readRange);
        try {
            if (shufflePartitions > 0) {
                KeyHashPartitioner partitioner = new KeyHashPartitioner(shufflePartitions);
                records.mapToPair(r -> new Tuple2<>(new KeyHashPartitioner.ShuffleKey(r.key(), r.offset()),
                                ShippedRecord.of(r)))
                        .partitionBy(partitioner)
                        .values()
                        .foreachPartition(new PartitionTask<>(pipeline, metrics, ranges, ShippedRecord::toRawRecord));
            } else {
                records.foreachPartition(new PartitionTask<>(pipeline, metrics, ranges, KafkaRecords::toRawRecord));
            }
        } catch (Throwable e) {
            // Not only RuntimeException: a failed Spark job surfaces as SparkException, a checked exception that the
            // Java API does not declare. Missing it let the next batch commit past this one (a test proves it).
            ledger.failed(ranges, e);
            throw e;
        }
        ledger.delivered(ranges);
        committer.commitAsync(ranges, ledger.onCommit(ranges));
    }

    /** One task per non-empty range, each its own transaction; nothing for the driver to commit. */
    private void processExactlyOnce(JavaRDD<ConsumerRecord<byte[], byte[]>> rdd, OffsetRange[] ranges) {
        List<OffsetRange> toWrite = Arrays.stream(ranges).filter(r -> r.count() > 0).toList();
        try {
            exactlyOnce.checkPartitionCount();
            if (toWrite.isEmpty()) {
                return;
            }
            // Marks the job: its failed task attempts are aborted transactions (TransactionAborts counts them).
            rdd.context().setLocalProperty(TransactionAborts.JOB_PROPERTY, "true");
            try {
                JavaSparkContext.fromSparkContext(rdd.context())
                        .parallelize(toWrite, toWrite.size())
                        .foreachPartition(exactlyOnce.task(pipeline, metrics));
            } finally {
                rdd.context().setLocalProperty(TransactionAborts.JOB_PROPERTY, null);
            }
        } catch (Throwable e) {
            // Some ranges may have committed, others not: each partition resumes from its own committed offset
            // after a restart. Later batches must not run meanwhile (their tasks would refuse anyway).
            ledger.failed(ranges, e);
            throw e;
        }
        exactlyOnce.committed(toWrite);
    }
}
