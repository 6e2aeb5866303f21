package io.tweetstream.adapter.spark;

import io.tweetstream.application.port.out.PipelineMetrics;
import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * The pipeline's counters as named Spark accumulators ("tweetstream.consumed", ...), visible in the Spark UI.
 * Updated only inside the output action, where Spark applies each successful task's update exactly once
 * (in a transformation, task retries would count twice).
 */
final class AccumulatorMetrics implements PipelineMetrics, Serializable {

    static final String CONSUMED = "tweetstream.consumed";
    static final String PRODUCED = "tweetstream.produced";
    static final String DEAD_LETTERED = "tweetstream.dead-lettered";

    private final LongAccumulator consumed;
    private final LongAccumulator produced;
    private final LongAccumulator deadLettered;

    private AccumulatorMetrics(LongAccumulator consumed, LongAccumulator produced, LongAccumulator deadLettered) {
        this.consumed = consumed;
        this.produced = produced;
        this.deadLettered = deadLettered;
    }

    /**
     * The counters of this Spark context, registered on first use. Lazily, on the driver, as Spark's guide
     * advises: accumulators are not restored from a checkpoint, so they must not live in the stream graph.
     */
    static synchronized AccumulatorMetrics forContext(SparkContext sc) {
        if (current == null || current.context != sc) {
            current = new Registered(sc, new AccumulatorMetrics(
                    sc.longAccumulator(CONSUMED), sc.longAccumulator(PRODUCED), sc.longAccumulator(DEAD_LETTERED)));
        }
        return current.metrics;
    }

    private static Registered current;

    private record Registered(SparkContext context, AccumulatorMetrics metrics) {
    }

    @Override
    public void recordConsumed(long records) {
        consumed.add(records);
    }

    @Override
    public void recordProduced(long records) {
        produced.add(records);
    }

    @Override
    public void recordDeadLettered(long records) {
        deadLettered.add(records);
    }

    /** Driver side: the totals so far. */
    Totals totals() {
        return new Totals(consumed.value(), produced.value(), deadLettered.value());
    }

    record Totals(long consumed, long produced, long deadLettered) {
        Totals minus(Totals before) {
            return new Totals(consumed - before.consumed, produced - before.produced, deadLettered - before.deadLettered);
        }
    }
}
