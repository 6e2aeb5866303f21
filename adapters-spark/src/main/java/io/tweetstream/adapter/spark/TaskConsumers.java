package io.tweetstream.adapter.spark;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.commons.pool2.BaseKeyedPooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericKeyedObjectPool;
import org.apache.commons.pool2.impl.GenericKeyedObjectPoolConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka consumers reused by the tasks of one executor JVM across batches, per input partition, as Spark's own
 * {@code KafkaDataConsumer} cache does for its {@code KafkaRDD} (which we cannot use: {@link OffsetRangeReader} says
 * why). A new consumer per task paid a connection, metadata and, under exactly-once, a coordinator look-up before its
 * first record: reused, the at-least-once Spark run of the throughput benchmark went from 75,865 to 94,066 records/s
 * (one run each, before the benchmark warmed its contestants up).
 *
 * <p>One pool per JVM per consumer settings, keyed by partition (a partition's next range is usually read where the
 * previous one was, and then continues at the position the consumer already has). A consumer goes back only after it
 * read its range to the end ({@link ConsumerLease}); idle ones are closed after {@link #EVICT_IDLE_AFTER} (the
 * partition's tasks went to another executor), all of them when the engine stops ({@link #closeAll()}).
 */
final class TaskConsumers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TaskConsumers.class);
    static final Duration EVICT_IDLE_AFTER = Duration.ofMinutes(5);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** Per JVM on purpose, like the producer pools: the executor JVM is the only scope tasks of two batches share. */
    private static final Map<Map<String, String>, TaskConsumers> BY_SETTINGS = new ConcurrentHashMap<>();

    private final GenericKeyedObjectPool<TopicPartition, Consumer<byte[], byte[]>> pool;

    /**
     * @param config      the consumers' settings (cluster, security, isolation level, the group where offsets are read)
     * @param newConsumer creates a consumer from the settings
     */
    TaskConsumers(Map<String, String> config, Function<Map<String, Object>, Consumer<byte[], byte[]>> newConsumer,
                  Duration evictIdleAfter) {
        GenericKeyedObjectPoolConfig<Consumer<byte[], byte[]>> pooling = new GenericKeyedObjectPoolConfig<>();
        pooling.setMaxTotal(-1); // no cap: a JVM never holds more than its concurrent tasks' consumers, plus idle ones
        pooling.setMaxTotalPerKey(-1);
        pooling.setMaxIdlePerKey(-1);
        pooling.setLifo(true);
        pooling.setMinEvictableIdleDuration(evictIdleAfter);
        pooling.setTimeBetweenEvictionRuns(evictIdleAfter.dividedBy(4));
        pooling.setNumTestsPerEvictionRun(Integer.MAX_VALUE);
        pooling.setJmxEnabled(false); // Kafka's own metrics cover the consumers
        Map<String, Object> settings = new HashMap<>(config);
        this.pool = new GenericKeyedObjectPool<>(new BaseKeyedPooledObjectFactory<>() {
            @Override
            public Consumer<byte[], byte[]> create(TopicPartition partition) {
                return newConsumer.apply(new HashMap<>(settings));
            }

            @Override
            public PooledObject<Consumer<byte[], byte[]>> wrap(Consumer<byte[], byte[]> consumer) {
                return new DefaultPooledObject<>(consumer);
            }

            @Override
            public void destroyObject(TopicPartition partition, PooledObject<Consumer<byte[], byte[]>> pooled) {
                pooled.getObject().close(CLOSE_TIMEOUT);
            }
        }, pooling);
    }

    /** The JVM's consumers for these settings, created on first use. */
    static TaskConsumers forSettings(Map<String, String> config) {
        return BY_SETTINGS.computeIfAbsent(Map.copyOf(config), c -> new TaskConsumers(c,
                settings -> new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                EVICT_IDLE_AFTER));
    }

    /** A consumer for {@code partition}: the one that read its previous range here, or a new one. */
    ConsumerLease borrow(TopicPartition partition) {
        Consumer<byte[], byte[]> consumer;
        try {
            consumer = pool.borrowObject(partition);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a Kafka consumer for " + partition + ": " + e.getMessage(), e);
        }
        return new ConsumerLease(consumer, (used, reusable) -> giveBack(partition, used, reusable));
    }

    private void giveBack(TopicPartition partition, Consumer<byte[], byte[]> consumer, boolean reusable) {
        try {
            if (reusable) {
                pool.returnObject(partition, consumer);
            } else {
                pool.invalidateObject(partition, consumer);
            }
        } catch (Exception e) {
            LOG.warn("could not give back the Kafka consumer of {}", partition, e);
        }
    }

    int idle() {
        return pool.getNumIdle();
    }

    long created() {
        return pool.getCreatedCount();
    }

    /** Closes the idle consumers; borrowed ones are closed when given back. */
    @Override
    public void close() {
        pool.close();
    }

    /** Closes every consumer pool of this JVM; the engine calls it once stopped (in local mode, the executors'). */
    static void closeAll() {
        BY_SETTINGS.values().forEach(TaskConsumers::close);
        BY_SETTINGS.clear();
    }
}
