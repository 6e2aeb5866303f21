package io.tweetstream.adapter.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
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
 * instead of returned; idle producers are closed after a while; everything is flushed and closed when the JVM
 * shuts down.
 */
final class ProducerPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerPool.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Map<ProducerSettings, ProducerPool> POOLS = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ProducerPool::closeAll, "tweetstream-producer-pools"));
    }

    private final ProducerSettings settings;
    private final GenericObjectPool<PooledProducer> pool;
    /**
     * The producer this thread holds, shared by every sink the thread opens: a task's output sink and
     * dead-letter sink must not take two producers, or tasks holding one each would wait for each other
     * forever once the pool is exhausted.
     */
    private final ThreadLocal<Lease> leases = new ThreadLocal<>();

    ProducerPool(ProducerSettings settings, Function<Map<String, Object>, Producer<byte[], byte[]>> newProducer) {
        this.settings = settings;
        GenericObjectPoolConfig<PooledProducer> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(settings.pool().maxTotal());
        config.setMaxIdle(settings.pool().maxTotal());
        config.setMinIdle(0);
        config.setBlockWhenExhausted(true);
        config.setMaxWait(settings.pool().maxWait());
        config.setMinEvictableIdleDuration(settings.pool().evictIdleAfter());
        config.setTimeBetweenEvictionRuns(evictionInterval(settings.pool().evictIdleAfter()));
        config.setNumTestsPerEvictionRun(settings.pool().maxTotal());
        config.setJmxEnabled(false); // several pools per JVM in tests; Kafka's own metrics cover producers
        this.pool = new GenericObjectPool<>(new Factory(settings, newProducer), config);
    }

    /** The JVM's pool for these settings, created on first use. */
    static ProducerPool forSettings(ProducerSettings settings) {
        return POOLS.computeIfAbsent(settings, s -> new ProducerPool(s, KafkaProducer::new));
    }

    /** This thread's producer: the one it already holds, or one from the pool. Pair every call with release. */
    PooledProducer borrow() {
        Lease lease = leases.get();
        if (lease != null) {
            lease.holders++;
            return lease.producer;
        }
        PooledProducer producer = borrowFromPool();
        leases.set(new Lease(producer));
        return producer;
    }

    private PooledProducer borrowFromPool() {
        try {
            return pool.borrowObject();
        } catch (NoSuchElementException e) {
            throw new IllegalStateException("no Kafka producer free within " + settings.pool().maxWait().toMillis()
                    + " ms: all " + settings.pool().maxTotal() + " (producer.pool.max-total) are in use", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a Kafka producer for " + settings + ": " + e.getMessage(), e);
        }
    }

    /** Back to the pool once the thread's last holder releases it; destroyed instead if a delivery through it failed. */
    void release(PooledProducer producer) {
        Lease lease = leases.get();
        if (lease == null || lease.producer != producer) {
            throw new IllegalStateException("a producer must be released by the thread that borrowed it");
        }
        if (--lease.holders > 0) {
            return;
        }
        leases.remove();
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

    static void closeAll() {
        POOLS.values().forEach(ProducerPool::close);
        POOLS.clear();
    }

    private static Duration evictionInterval(Duration evictIdleAfter) {
        Duration quarter = evictIdleAfter.dividedBy(4);
        return quarter.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
                : quarter.isZero() ? Duration.ofMillis(1) : quarter;
    }

    private static final class Lease {
        final PooledProducer producer;
        int holders = 1;

        Lease(PooledProducer producer) {
            this.producer = producer;
        }
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
