package io.tweetstream.domain.parallelism;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides read and processing parallelism from the topic's partition count.
 *
 * <p>A partition is read by exactly one reader of a consumer group, so the partition count caps read
 * parallelism: extra readers sit idle. Processing may use a different parallelism, at the price of a
 * shuffle (repartition) between reading and processing.
 */
public final class ParallelismPolicy {

    private ParallelismPolicy() {
    }

    public static ParallelismPlan plan(ParallelismRequest request) {
        int partitions = request.partitionCount();
        int readers = request.requestedReaders().orElse(partitions);
        int active = Math.min(readers, partitions);
        int idle = readers - active;

        int processing = request.processing() instanceof ProcessingParallelism.Fixed fixed ? fixed.tasks() : active;

        List<String> warnings = new ArrayList<>();
        if (idle > 0) {
            warnings.add(readers + " readers requested for " + partitions + " partitions: " + idle
                    + " reader(s) will be idle; add partitions to read with more parallelism");
        }
        if (processing > request.availableCores()) {
            warnings.add("processing parallelism " + processing + " exceeds the " + request.availableCores()
                    + " available cores: tasks will wait for a free core");
        }
        return new ParallelismPlan(active, spread(partitions, active), idle, processing, processing != active, warnings);
    }

    /** Partitions dealt to readers as evenly as possible: the first {@code partitions % readers} get one more. */
    private static List<Integer> spread(int partitions, int readers) {
        List<Integer> perReader = new ArrayList<>(readers);
        for (int r = 0; r < readers; r++) {
            perReader.add(partitions / readers + (r < partitions % readers ? 1 : 0));
        }
        return perReader;
    }
}
