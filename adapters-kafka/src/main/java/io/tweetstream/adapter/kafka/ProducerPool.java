package io.tweetstream.adapter.kafka;

import io.tweetstream.application.metrics.PoolStatistics;
import java.time.Duration;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka producers reused across tasks and batches: the original example's best idea, without its defects.
 *
 * <p>One pool per JVM per {@link ProducerSettings}, created lazily where it is first needed (on a Spark
 * executor, by the first task), never serialized. Bounded; a producer through which a delivery failed is destroyed
 * instead of returned; idle producers are closed after a while. The driver's lifecycle closes every pool of its JVM
 * after the engine stopped ({@link #closeAll()}); on an executor JVM nothing waits in a pooled producer between
 * batches (every batch is flushed before it counts as delivered), so the JVM's end loses nothing.
 */
final class ProducerPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerPool.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Per JVM on purpose: a Spark executor runs tasks of every batch, and the producers must outlive a task to be
     * reused. The executor JVM is the only scope Spark's tasks share, and nothing of one pipeline's state lives here
     * but its clients (equal settings, equal pool).
     */
    private static final Map<ProducerSettings, ProducerPool> POOLS = new ConcurrentHashMap<>();

    private final ProducerSettings settings;
    private final RecordSizeLimit recordSizeLimit;
    private final GenericObjectPool<PooledProducer> pool;
    private final LongAdder borrows = new LongAdder();
    private final LongAdder waitNanos = new LongAdder();

    /**
     * Sized where it lives, by the work itself: with no {@code producer.pool.max-total} the pool has no cap, because a
     * task holds one producer at most (its sinks share it through {@code TaskResources}), so the producers of a JVM
     * never outnumber the tasks it runs at once: an executor's task slots, {@code local[N]}'s N, the in-process
     * readers. The pool needs to know none of these (this adapter knows nothing of Spark), a cap computed on the
     * driver would be wrong on every executor of another size, and a cap below the slots could only make tasks wait.
     * Returned producers are reused first, and idle ones closed after {@code producer.pool.evict-idle-after}.
     * With a cap, a task waits for a free producer longer than a delivery may take ({@link
     * ProducerSettings#borrowWait()}).
     */
    ProducerPool(ProducerSettings settings, Function<Map<String, Object>, Producer<byte[], byte[]>> newProducer) {
        this.settings = settings;
        this.recordSizeLimit = RecordSizeLimit.forProducer(settings.kafkaConfig());
        Integer cap = settings.pool().maxTotal();
        GenericObjectPoolConfig<PooledProducer> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(cap == null ? -1 : cap); // -1: no cap (commons-pool2's convention)
        config.setMaxIdle(cap == null ? -1 : cap);
        config.setMinIdle(0);
        config.setLifo(true); // the most recently returned producer first: the others go idle and are evicted
        config.setBlockWhenExhausted(true);
        config.setMaxWait(settings.borrowWait());
        config.setMinEvictableIdleDuration(settings.pool().evictIdleAfter());
        config.setTimeBetweenEvictionRuns(evictionInterval(settings.pool().evictIdleAfter()));
        config.setNumTestsPerEvictionRun(Integer.MAX_VALUE); // every idle producer, each run
        config.setJmxEnabled(false); // several pools per JVM in tests; Kafka's own metrics cover producers
        this.pool = new GenericObjectPool<>(new Factory(settings, newProducer), config);
    }

    /** The JVM's pool for these settings, created on first use. */
    static ProducerPool forSettings(ProducerSettings settings) {
        return POOLS.computeIfAbsent(settings, s -> {
            ProducerPool pool = new ProducerPool(s, KafkaProducer::new);
            PoolStatistics.register(pool, pool::statistics); // what the engines' metrics show
            return pool;
        });
    }

    /** In use, idle, borrows so far and the time they waited (creating a producer included). */
    PoolStatistics.Snapshot statistics() {
        return new PoolStatistics.Snapshot(pool.getNumActive(), pool.getNumIdle(), borrows.sum(), waitNanos.sum());
    }

    /**
     * A producer of the pool: an idle one, a new one, or (when the pool is capped and every producer is in use) the
     * first one given back within {@link ProducerSettings#borrowWait()}. Pair every call with {@link #release}.
     * A task borrows one per pool and hands it to all of its Kafka sinks on that cluster (see {@code TaskResources}).
     */
    PooledProducer borrow() {
        long start = System.nanoTime();
        try {
            PooledProducer producer = pool.borrowObject();
            borrows.increment();
            return producer;
        } catch (NoSuchElementException e) {
            throw new IllegalStateException("no Kafka producer free within " + settings.borrowWait().toMillis()
                    + " ms: all " + settings.pool().maxTotal() + " (producer.pool.max-total) are in use", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a Kafka producer for " + settings + ": " + e.getMessage(), e);
        } finally {
            waitNanos.add(System.nanoTime() - start);
        }
    }

    /** Back to the pool; destroyed instead if a delivery through it failed. */
    void release(PooledProducer producer) {
        try {
            if (producer.isBroken()) {
                LOG.warn("destroying a Kafka producer that failed a delivery instead of reusing it");
                pool.invalidateObject(producer);
            } else {
                pool.returnObject(producer);
            }
        } catch (Exception e) {
            LOG.warn("could not release a Kafka producer to its pool", e);
        }
    }

    /** The largest record this pool's producers accept: the sinks refuse bigger ones without sending them. */
    RecordSizeLimit recordSizeLimit() {
        return recordSizeLimit;
    }

    long created() {
        return pool.getCreatedCount();
    }

    long destroyed() {
        return pool.getDestroyedCount();
    }

    int active() {
        return pool.getNumActive();
    }

    int idle() {
        return pool.getNumIdle();
    }

    /** Flushes and closes every idle producer; producers still borrowed are closed when returned. */
    @Override
    public void close() {
        pool.close();
    }

    /** Closes every pool of this JVM; called by the lifecycle's owner once the engine stopped. */
    static void closeAll() {
        POOLS.values().forEach(pool -> {
            pool.close();
            PoolStatistics.remove(pool);
        });
        POOLS.clear();
    }

    private static Duration evictionInterval(Duration evictIdleAfter) {
        Duration quarter = evictIdleAfter.dividedBy(4);
        return quarter.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
                : quarter.isZero() ? Duration.ofMillis(1) : quarter;
    }

    private static final class Factory extends BasePooledObjectFactory<PooledProducer> {

        private final ProducerSettings settings;
        private final Function<Map<String, Object>, Producer<byte[], byte[]>> newProducer;

        Factory(ProducerSettings settings, Function<Map<String, Object>, Producer<byte[], byte[]>> newProducer) {
            this.settings = settings;
            this.newProducer = newProducer;
        }

        @Override
        public PooledProducer create() {
            return new PooledProducer(newProducer.apply(settings.kafkaConfig()));
        }

        @Override
        public PooledObject<PooledProducer> wrap(PooledProducer producer) {
            return new DefaultPooledObject<>(producer);
        }

        @Override
        public void destroyObject(PooledObject<PooledProducer> pooled) {
            Producer<byte[], byte[]> producer = pooled.getObject().producer();
            try {
                producer.flush();
            } catch (RuntimeException e) {
                LOG.debug("flush before close failed", e);
            }
            producer.close(CLOSE_TIMEOUT);
        }

        @Override
        public boolean validateObject(PooledObject<PooledProducer> pooled) {
            return !pooled.getObject().isBroken();
        }
    }
}
