package io.tweetstream.application.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Where the client pools of this JVM post their state, for whichever engine exports metrics: the Kafka adapter's
 * producer pools write, the engines' metrics read, and neither knows the other.
 *
 * <p>A JVM-wide static on purpose, as the pools are (one per JVM per settings, shared by every task a Spark executor
 * runs): on an executor no engine object exists to hand it to.
 */
public final class PoolStatistics {

    private static final Map<Object, Supplier<Snapshot>> POOLS = new ConcurrentHashMap<>();
    /** Borrows and waits of pools closed since: the totals stay monotonic, as counters must. */
    private static Snapshot retired = Snapshot.EMPTY;

    private PoolStatistics() {
    }

    /**
     * The pool's state at a moment.
     *
     * @param borrowed clients in use now
     * @param idle clients waiting in the pool now
     * @param borrows borrows so far
     * @param waitNanos time borrowers spent waiting for a client so far
     */
    public record Snapshot(long borrowed, long idle, long borrows, long waitNanos) {
        public static final Snapshot EMPTY = new Snapshot(0, 0, 0, 0);

        Snapshot plus(Snapshot o) {
            return new Snapshot(borrowed + o.borrowed, idle + o.idle, borrows + o.borrows, waitNanos + o.waitNanos);
        }
    }

    /** A pool posts itself under its own key; a pool closed later stays counted until {@link #remove}. */
    public static void register(Object pool, Supplier<Snapshot> state) {
        POOLS.put(pool, state);
    }

    /** A closed pool: its borrows and wait time stay in the totals. */
    public static synchronized void remove(Object pool) {
        Supplier<Snapshot> state = POOLS.remove(pool);
        if (state != null) {
            Snapshot last = state.get();
            retired = retired.plus(new Snapshot(0, 0, last.borrows(), last.waitNanos()));
        }
    }

    /** Every pool of this JVM together. */
    public static synchronized Snapshot total() {
        Snapshot total = retired;
        for (Supplier<Snapshot> pool : POOLS.values()) {
            total = total.plus(pool.get());
        }
        return total;
    }
}
