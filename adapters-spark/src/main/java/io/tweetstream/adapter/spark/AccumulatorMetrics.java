package io.tweetstream.adapter.spark;

import io.tweetstream.application.port.in.BatchResult;
import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * The pipeline's counters as named Spark accumulators ("tweetstream.consumed", ...), visible in the Spark UI.
 * Registered by each engine when it starts (a field of that engine, not a static), shipped to the tasks inside
 * {@link PartitionTask}, and updated only inside the output action, where Spark applies each successful task's
 * update exactly once (in a transformation, task retries would count twice).
 */
final class AccumulatorMetrics implements Serializable {

    private static final long serialVersionUID = 1L;

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

    /** New counters on the driver, registered with {@code sc}. */
    static AccumulatorMetrics register(SparkContext sc) {
        return new AccumulatorMetrics(sc.longAccumulator(CONSUMED), sc.longAccumulator(PRODUCED),
                sc.longAccumulator(DEAD_LETTERED));
    }

    /** Task side: one delivered batch slice. */
    void add(BatchResult result) {
        consumed.add(result.consumed());
        produced.add(result.produced());
        deadLettered.add(result.deadLettered());
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
