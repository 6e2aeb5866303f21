package io.tweetstream.adapter.spark;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Counts exactly-once transactions aborted: every failed attempt of an exactly-once task aborts its transaction
 * ({@code ProcessBatchService.processExactlyOnce}), and a failed task's accumulator updates never reach the driver,
 * so the driver counts the failed attempts of the jobs the engine marked ({@link #JOB_PROPERTY}).
 */
final class TransactionAborts extends SparkListener {

    /** Set as a local property around the exactly-once action, to find its stages. */
    static final String JOB_PROPERTY = "tweetstream.exactly-once";

    private final SparkDriverMetrics metrics;
    private final Set<Integer> stages = ConcurrentHashMap.newKeySet();

    TransactionAborts(SparkDriverMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
        if (jobStart.properties() != null && jobStart.properties().getProperty(JOB_PROPERTY) != null) {
            scala.jdk.javaapi.CollectionConverters.asJava(jobStart.stageIds())
                    .forEach(stage -> stages.add((Integer) stage));
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        if (stages.contains(taskEnd.stageId()) && !(taskEnd.reason() instanceof Success$)) {
            metrics.transactionAborted();
        }
    }
}
