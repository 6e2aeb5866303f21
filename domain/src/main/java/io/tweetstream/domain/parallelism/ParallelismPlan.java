package io.tweetstream.domain.parallelism;

import java.util.List;

/**
 * How a job reads and processes a topic.
 *
 * @param readParallelism readers that actually read (never more than the partitions)
 * @param partitionsPerReader how many partitions each active reader reads, in reader order
 * @param idleReaders readers asked for beyond the partition count: they get nothing to read
 * @param processingParallelism tasks that process the records
 * @param repartition whether records must be shuffled from the readers to the processing tasks
 * @param warnings what the user should know about this plan, in plain words
 */
public record ParallelismPlan(
        int readParallelism,
        List<Integer> partitionsPerReader,
        int idleReaders,
        int processingParallelism,
        boolean repartition,
        List<String> warnings) {

    public ParallelismPlan {
        partitionsPerReader = List.copyOf(partitionsPerReader);
        warnings = List.copyOf(warnings);
    }
}
