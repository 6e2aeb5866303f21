package io.tweetstream.kafkasource;

import java.util.Optional;

/**
 * When failed offset commits stop the job: once the commits of {@code maxFailedBatches} batches in a row failed.
 *
 * <p>One failed commit is harmless: the next batch's commit covers its offsets, and at worst they are read again
 * after a restart. A lasting failure (an ACL that refuses the group, a coordinator that never answers) is not: the
 * job would go on delivering while nothing is committed, and a restart hours later would read all of it again. So a
 * run of failures is tolerated up to a bound (a coordinator moving to another broker takes seconds), then the job
 * fails, naming the cause. A successful commit ends the run. Used by both engines; thread-safe.
 */
public final class CommitFailures {

    /** Batches in a row whose commit may fail before the job stops: about 30 s of 1 s batches. */
    public static final int DEFAULT_MAX_FAILED_BATCHES = 30;

    private final int maxFailedBatches;
    private int inARow;

    /** @param maxFailedBatches failed commits in a row that stop the job ({@code commit.max-failed-batches}) */
    public CommitFailures(int maxFailedBatches) {
        if (maxFailedBatches < 1) {
            throw new IllegalArgumentException("commit.max-failed-batches must be >= 1, got " + maxFailedBatches);
        }
        this.maxFailedBatches = maxFailedBatches;
    }

    /** A commit succeeded: the run of failures, if any, is over. */
    public synchronized void succeeded() {
        inARow = 0;
    }

    /**
     * A batch's commit failed.
     *
     * @return the exception to stop the job with once this is the {@code maxFailedBatches}-th failure in a row;
     *         empty while the run is still tolerated
     */
    public synchronized Optional<CommitsFailedException> failed(Throwable cause) {
        inARow++;
        if (inARow < maxFailedBatches) {
            return Optional.empty();
        }
        return Optional.of(new CommitsFailedException(inARow, cause));
    }

    /** Failed commits since the last successful one. */
    public synchronized int inARow() {
        return inARow;
    }

    /** The commits of too many batches in a row failed: the job stops rather than pile up what a restart re-reads. */
    public static final class CommitsFailedException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        CommitsFailedException(int batches, Throwable cause) {
            super("offset commits failed for " + batches + " batches in a row (commit.max-failed-batches), last with "
                    + cause.getClass().getSimpleName() + ": " + cause.getMessage() + "; stopping, as every batch "
                    + "since the last successful commit would be read again on restart", cause);
        }
    }
}
