package io.tweetstream.adapter.kafka;

import java.io.Serializable;
import java.time.Duration;

/**
 * How many producers a JVM may hold for one configuration, how long a task waits for one, and when an idle one
 * is closed.
 *
 * @param maxTotal producers per JVM at most, or null for no cap: a task holds one producer at most (its sinks share
 *                 it, see {@code TaskResources}), so a JVM never holds more than the tasks it runs at once
 * @param maxWait how long a task waits for a free producer when {@code maxTotal} caps the pool; null to derive it from
 *                the producer's {@code delivery.timeout.ms} ({@link ProducerSettings#borrowWait()})
 * @param evictIdleAfter an idle producer is closed after this
 */
public record PoolSettings(Integer maxTotal, Duration maxWait, Duration evictIdleAfter) implements Serializable {

    public static final PoolSettings DEFAULT = new PoolSettings(null, null, Duration.ofMinutes(5));

    public PoolSettings {
        if (maxTotal != null && maxTotal < 1) {
            throw new IllegalArgumentException("producer.pool.max-total must be >= 1, got " + maxTotal);
        }
        if (maxWait != null && (maxWait.isNegative() || maxWait.isZero())) {
            throw new IllegalArgumentException("producer.pool.max-wait must be positive, got " + maxWait);
        }
        if (evictIdleAfter.isNegative() || evictIdleAfter.isZero()) {
            throw new IllegalArgumentException("producer.pool.evict-idle-after must be positive, got " + evictIdleAfter);
        }
    }
}
