package io.tweetstream.adapter.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transactional producers reused across batches, one per JVM per {@link Key} (producer settings, {@code
 * transactional.id}, and the job instance that opened it), checked out exclusively.
 *
 * <p>A producer is created with {@code initTransactions()}, which fences every earlier holder of its id and aborts
 * (or completes) what that holder left open. It comes back here only after its transaction committed or aborted
 * cleanly ({@link #giveBack}); after any other failure (fenced, timed out, a send or the commit failed, interrupted)
 * it is {@linkplain #drop dropped}: closed with a timeout, which aborts an open transaction instead of leaving it to
 * block {@code read_committed} readers until {@code transaction.timeout.ms}. The next checkout of the id pays one
 * {@code initTransactions}. A checkout never waits: if the id's producer is in use, a second one is created, and its
 * {@code initTransactions} fences the first (two holders of one id at once are a retried or zombie attempt).
 */
final class TransactionalProducers {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalProducers.class);
    /** Closing a producer that may hold an open transaction: time for its abort, never zero (see class comment). */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    /** Per JVM, like {@link ProducerPool}: a Spark executor's tasks of every batch reuse them. */
    private static final TransactionalProducers JVM = new TransactionalProducers(KafkaProducer::new);

    /**
     * Which producer: equal settings and id, and the same job instance. The instance keeps two jobs in one JVM (two
     * engines in a test) from sharing a producer, so the newer fences the older as two processes would.
     */
    record Key(ProducerSettings settings, String transactionalId, String instance) {
        @Override
        public String toString() {
            return "transactional.id " + transactionalId;
        }
    }

    private final Function<Map<String, Object>, Producer<byte[], byte[]>> newProducer;
    private final Map<Key, Producer<byte[], byte[]>> idle = new ConcurrentHashMap<>();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    TransactionalProducers(Function<Map<String, Object>, Producer<byte[], byte[]>> newProducer) {
        this.newProducer = newProducer;
    }

    static TransactionalProducers jvm() {
        return JVM;
    }

    /** The configuration of the producer for {@code key}: the job's producer settings made transactional. */
    static Map<String, Object> config(Key key) {
        Map<String, Object> config = key.settings().kafkaConfig();
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, key.transactionalId());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"); // required by transactions
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return config;
    }

    /**
     * The id's idle producer, or a new one with its transactions initialised (every earlier holder fenced).
     *
     * @throws org.apache.kafka.common.KafkaException if a new producer cannot initialise its transactions
     */
    Producer<byte[], byte[]> checkout(Key key) {
        Producer<byte[], byte[]> reused = idle.remove(key);
        if (reused != null) {
            return reused;
        }
        Producer<byte[], byte[]> producer = newProducer.apply(config(key));
        try {
            try {
                producer.initTransactions();
            } catch (TimeoutException e) {
                // Safe to retry (javadoc): e.g. the previous holder's commit still being completed.
                LOG.warn("initTransactions for {} timed out, retrying once: {}", key, e.getMessage());
                producer.initTransactions();
            }
        } catch (RuntimeException e) {
            close(producer);
            throw e;
        }
        created.incrementAndGet();
        return producer;
    }

    /** After a clean commit or abort: the next batch of the same key reuses it. */
    void giveBack(Key key, Producer<byte[], byte[]> producer) {
        Producer<byte[], byte[]> previous = idle.put(key, producer);
        if (previous != null && previous != producer) {
            drop(previous); // two were checked out at once: the other one is fenced by the newer anyway
        }
    }

    /** Unusable (fenced, failed) or in doubt: closed, never reused. */
    void drop(Producer<byte[], byte[]> producer) {
        dropped.incrementAndGet();
        close(producer);
    }

    long created() {
        return created.get();
    }

    long dropped() {
        return dropped.get();
    }

    int idle() {
        return idle.size();
    }

    /** Closes every idle producer; called by the lifecycle's owner once the engine stopped. */
    void closeAll() {
        List<Key> keys = new ArrayList<>(idle.keySet());
        for (Key key : keys) {
            Producer<byte[], byte[]> producer = idle.remove(key);
            if (producer != null) {
                close(producer);
            }
        }
    }

    private static void close(Producer<byte[], byte[]> producer) {
        try {
            producer.close(CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warn("closing a transactional producer failed: {}", e.toString());
        }
    }
}
