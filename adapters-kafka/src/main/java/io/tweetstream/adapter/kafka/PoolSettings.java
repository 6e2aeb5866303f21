package io.tweetstream.adapter.kafka;

import java.io.Serializable;
import java.time.Duration;

/**
 * How many producers a JVM may hold for one configuration, how long a task waits for one, and when an idle one
 * is closed.
 */
public record PoolSettings(int maxTotal, Duration maxWait, Duration evictIdleAfter) implements Serializable {

    public static final PoolSettings DEFAULT =
            new PoolSettings(Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(60), Duration.ofMinutes(5));

    public PoolSettings {
        if (maxTotal < 1) {
            throw new IllegalArgumentException("producer.pool.max-total must be >= 1, got " + maxTotal);
        }
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("producer.pool.max-wait must be positive, got " + maxWait);
        }
        if (evictIdleAfter.isNegative() || evictIdleAfter.isZero()) {
            throw new IllegalArgumentException("producer.pool.evict-idle-after must be positive, got " + evictIdleAfter);
        }
    }
}
