package io.tweetstream.domain.position;

import java.util.OptionalLong;

/**
 * Where reading starts in one partition, fixing the original example's restart bug: a committed position always
 * wins; the reset policy applies only where nothing was committed; a committed position the log no longer holds
 * (deleted by retention, or beyond the end of a recreated topic) moves to the earliest position still there, with a
 * warning, instead of silently skipping to the end. Plain values in, a decision out: each engine asks its source
 * for the numbers and applies the answer.
 */
public final class StartPositionPolicy {

    /** Where to start in a partition nothing was committed for. */
    public enum Reset {
        EARLIEST, LATEST;

        /** {@code earliest} or {@code latest}, as Kafka's {@code auto.offset.reset} writes it. */
        public static Reset parse(String value) {
            return switch (value) {
                case "earliest" -> EARLIEST;
                case "latest" -> LATEST;
                default -> throw new IllegalArgumentException("must be 'earliest' or 'latest', got '" + value + "'");
            };
        }
    }

    /** Why reading starts where it does. */
    public enum Reason {
        COMMITTED, NOTHING_COMMITTED, COMMITTED_DELETED_BY_RETENTION, COMMITTED_BEYOND_END
    }

    /**
     * @param position the first position to read
     * @param reason why
     * @param skipped positions that were committed as unread but are gone (lost to retention), else 0
     */
    public record StartPosition(long position, Reason reason, long skipped) {

        /** Whether the operator should hear about this start. */
        public boolean surprising() {
            return reason == Reason.COMMITTED_DELETED_BY_RETENTION || reason == Reason.COMMITTED_BEYOND_END;
        }
    }

    private StartPositionPolicy() {
    }

    /**
     * @param committed the group's committed position (the next to read), if any
     * @param earliest the first position the log still holds
     * @param end the position after the last record (where a new record would go)
     * @param reset where to start when nothing was committed
     */
    public static StartPosition decide(OptionalLong committed, long earliest, long end, Reset reset) {
        if (earliest < 0 || end < earliest) {
            throw new IllegalArgumentException("a log spans [earliest, end] with 0 <= earliest <= end, got ["
                    + earliest + ", " + end + "]");
        }
        if (committed.isEmpty()) {
            return new StartPosition(reset == Reset.EARLIEST ? earliest : end, Reason.NOTHING_COMMITTED, 0);
        }
        long mark = committed.getAsLong();
        if (mark < earliest) {
            return new StartPosition(earliest, Reason.COMMITTED_DELETED_BY_RETENTION, earliest - mark);
        }
        if (mark > end) {
            return new StartPosition(earliest, Reason.COMMITTED_BEYOND_END, 0);
        }
        return new StartPosition(mark, Reason.COMMITTED, 0);
    }
}
