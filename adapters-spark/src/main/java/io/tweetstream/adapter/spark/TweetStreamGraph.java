package io.tweetstream.adapter.spark;

import io.tweetstream.application.service.ProcessBatchServiceFactory;
import java.io.Serializable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.api.java.JavaRDD;
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
 */
final class TweetStreamGraph implements Serializable {

    private static final long serialVersionUID = 1L;

    private final ProcessBatchServiceFactory pipeline;
    private final int shufflePartitions;
    private final String ledgerName;

    /**
     * @param shufflePartitions processing partitions when the plan asks for a repartition, 0 to process where read
     * @param ledgerName the driver-side {@link OffsetLedger} of this stream
     */
    TweetStreamGraph(ProcessBatchServiceFactory pipeline, int shufflePartitions, String ledgerName) {
        this.pipeline = pipeline;
        this.shufflePartitions = shufflePartitions;
        this.ledgerName = ledgerName;
    }

    void wire(JavaInputDStream<ConsumerRecord<byte[], byte[]>> stream) {
        CanCommitOffsets committer = (CanCommitOffsets) stream.inputDStream();
        stream.foreachRDD((rdd, time) -> processBatch(rdd, time, committer));
    }

    private void processBatch(JavaRDD<ConsumerRecord<byte[], byte[]>> rdd, Time time, CanCommitOffsets committer) {
        OffsetLedger ledger = OffsetLedger.named(ledgerName);
        ledger.checkNoEarlierFailure(time);
        OffsetRange[] ranges = ((HasOffsetRanges) rdd.rdd()).offsetRanges();
        long records = 0;
        for (OffsetRange range : ranges) {
            records += range.count();
        }
        if (records == 0) {
            return; // nothing read, nothing to deliver or commit
        }
        AccumulatorMetrics metrics = AccumulatorMetrics.forContext(rdd.context());
        try {
            if (shufflePartitions > 0) {
                KeyHashPartitioner partitioner = new KeyHashPartitioner(shufflePartitions);
                rdd.mapToPair(r -> new Tuple2<>(new KeyHashPartitioner.ShuffleKey(r.key(), r.offset()), ShippedRecord.of(r)))
                        .partitionBy(partitioner)
                        .values()
                        .foreachPartition(new PartitionTask<>(pipeline, metrics, ranges, ShippedRecord::toRawRecord));
            } else {
                rdd.foreachPartition(new PartitionTask<>(pipeline, metrics, ranges, ShippedRecord::fromKafka));
            }
        } catch (RuntimeException e) {
            ledger.failed(ranges, e);
            throw e;
        }
        ledger.delivered(ranges);
        committer.commitAsync(ranges, ledger.onCommit(ranges));
    }
}
