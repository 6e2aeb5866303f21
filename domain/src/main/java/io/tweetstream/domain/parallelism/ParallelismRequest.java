package io.tweetstream.domain.parallelism;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * What the job has and asks for.
 *
 * @param partitionCount partitions of the input topic: the upper bound on useful readers
 * @param availableCores cores (task slots) the job may use at once
 * @param requestedReaders readers asked for; empty means one per partition (what the Spark direct stream does)
 * @param processing processing parallelism asked for
 */
public record ParallelismRequest(
        int partitionCount, int availableCores, OptionalInt requestedReaders, ProcessingParallelism processing) {

    public ParallelismRequest {
        Objects.requireNonNull(requestedReaders, "requestedReaders");
        Objects.requireNonNull(processing, "processing");
        positive("partition count", partitionCount);
        positive("available cores", availableCores);
        if (requestedReaders.isPresent()) {
            positive("reader count", requestedReaders.getAsInt());
        }
    }

    /** One reader per partition, the usual case. */
    public static ParallelismRequest onePerPartition(
            int partitionCount, int availableCores, ProcessingParallelism processing) {
        return new ParallelismRequest(partitionCount, availableCores, OptionalInt.empty(), processing);
    }

    private static void positive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be a positive integer, got " + value);
        }
    }
}
