package io.tweetstream.adapter.spark;

import io.tweetstream.application.metrics.DeliveryLatency;
import io.tweetstream.application.port.in.BatchResult;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkContext;
import org.apache.spark.util.AccumulatorV2;
import org.apache.spark.util.LongAccumulator;

/**
 * What the tasks delivered, as Spark accumulators visible in the Spark UI: one of {@link BatchResult}s
 * ("tweetstream.delivered": counts, dead letters by reason, latency buckets, which add up) and one of the exactly-once
 * transactions committed. Registered by each engine when it starts (a field of that engine, not a static), shipped to
 * the tasks inside {@link PartitionTask}, and updated only inside the output action, where Spark applies each
 * successful task's update exactly once (in a transformation, task retries would count twice).
 */
final class AccumulatorMetrics implements Serializable {

    private static final long serialVersionUID = 2L;

    static final String DELIVERED = "tweetstream.delivered";
    static final String TRANSACTIONS = "tweetstream.transactions-committed";

    private final BatchResultAccumulator delivered;
    private final LongAccumulator transactions;

    private AccumulatorMetrics(BatchResultAccumulator delivered, LongAccumulator transactions) {
        this.delivered = delivered;
        this.transactions = transactions;
    }

    /** New accumulators on the driver, registered with {@code sc}. */
    static AccumulatorMetrics register(SparkContext sc) {
        BatchResultAccumulator delivered = new BatchResultAccumulator();
        sc.register(delivered, DELIVERED);
        return new AccumulatorMetrics(delivered, sc.longAccumulator(TRANSACTIONS));
    }

    /** Task side: one delivered batch slice. */
    void add(BatchResult result) {
        delivered.add(result);
    }

    /** Task side, exactly once: one delivered batch slice, committed in its own transaction. */
    void addCommitted(BatchResult result) {
        delivered.add(result);
        transactions.add(1);
    }

    /** Driver side: the totals so far. */
    Totals totals() {
        return new Totals(delivered.value(), transactions.value());
    }

    record Totals(BatchResult delivered, long transactionsCommitted) {
        /** What was delivered since {@code before}. */
        Totals minus(Totals before) {
            BatchResult now = delivered;
            BatchResult then = before.delivered;
            Map<String, Long> reasons = new TreeMap<>(now.deadLetteredByReason());
            then.deadLetteredByReason().forEach((reason, n) -> reasons.merge(reason, -n, Long::sum));
            reasons.values().removeIf(n -> n == 0);
            return new Totals(new BatchResult(now.consumed() - then.consumed(), now.produced() - then.produced(),
                    now.deadLettered() - then.deadLettered(), reasons, now.latency().minus(then.latency())),
                    transactionsCommitted - before.transactionsCommitted);
        }
    }

    /** Adds up {@link BatchResult}s; merged on the driver like any accumulator, once per successful task. */
    static final class BatchResultAccumulator extends AccumulatorV2<BatchResult, BatchResult> {
        private static final long serialVersionUID = 1L;
        private BatchResult total = BatchResult.EMPTY;

        @Override
        public boolean isZero() {
            return total.consumed() == 0 && total.produced() == 0 && total.deadLettered() == 0
                    && total.latency().equals(DeliveryLatency.NONE);
        }

        @Override
        public AccumulatorV2<BatchResult, BatchResult> copy() {
            BatchResultAccumulator copy = new BatchResultAccumulator();
            copy.total = total;
            return copy;
        }

        @Override
        public synchronized void reset() {
            total = BatchResult.EMPTY;
        }

        @Override
        public synchronized void add(BatchResult result) {
            total = total.plus(result);
        }

        @Override
        public synchronized void merge(AccumulatorV2<BatchResult, BatchResult> other) {
            total = total.plus(other.value());
        }

        @Override
        public synchronized BatchResult value() {
            return total;
        }
    }
}
