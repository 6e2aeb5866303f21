package io.tweetstream.adapter.kafka;

import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Everything needed to build the producers of one pool: a value that travels to executors (never a live
 * producer). Equal settings share one pool per JVM.
 *
 * @param config complete Kafka producer configuration (safe defaults, then the user's settings)
 * @param pool pool limits
 */
record ProducerSettings(Map<String, String> config, PoolSettings pool) implements Serializable {

    /** No record is lost silently: every replica in sync acknowledges, retries do not duplicate or reorder. */
    static final Map<String, String> SAFE_DEFAULTS = Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5",
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
            ProducerConfig.LINGER_MS_CONFIG, "5",
            ProducerConfig.BATCH_SIZE_CONFIG, "131072",
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");

    /**
     * What a task waiting for a producer allows beyond {@code delivery.timeout.ms}: the holder's last sends after its
     * records timed out, and the close of the producer it broke (30 s at most).
     */
    static final Duration BORROW_WAIT_MARGIN = Duration.ofSeconds(60);

    public ProducerSettings {
        config = Map.copyOf(config);
        Objects.requireNonNull(pool, "pool");
        if (!config.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("bootstrap.servers is required for the Kafka producer");
        }
        Duration delivery = deliveryTimeout(config);
        if (pool.maxWait() != null && pool.maxWait().compareTo(delivery) <= 0) {
            throw new IllegalArgumentException("producer.pool.max-wait (" + pool.maxWait().toMillis() + " ms) must be "
                    + "longer than the producer's delivery.timeout.ms (" + delivery.toMillis() + " ms): a slow broker "
                    + "would show up as 'no producer free' instead of a delivery timeout; leave it unset to derive it");
        }
    }

    /**
     * How long a task waits for a producer of a capped pool: {@code producer.pool.max-wait}, or else the producer's
     * {@code delivery.timeout.ms} plus {@link #BORROW_WAIT_MARGIN}. Longer than any delivery: the holder of a producer
     * gives it back once its sends are acknowledged or timed out, so a slow broker shows up as the holder's delivery
     * timeout, never as a waiter's "no producer free".
     */
    Duration borrowWait() {
        return pool.maxWait() != null ? pool.maxWait() : deliveryTimeout(config).plus(BORROW_WAIT_MARGIN);
    }

    private static Duration deliveryTimeout(Map<String, String> config) {
        Object value = config.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        if (value == null) { // Kafka's own default
            value = ProducerConfig.configDef().defaultValues().get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        }
        int millis = (Integer) ConfigDef.parseType(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, value, ConfigDef.Type.INT);
        return Duration.ofMillis(millis);
    }

    /**
     * The safe defaults, overridden by the user's producer settings (any Kafka setting, SSL and SASL included).
     * Serializers are always byte arrays: encoding is the codec's job.
     */
    static ProducerSettings of(String bootstrapServers, Map<String, String> userConfig, PoolSettings pool) {
        Map<String, String> config = new HashMap<>(SAFE_DEFAULTS);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putAll(userConfig);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new ProducerSettings(config, pool);
    }

    /** The config as Kafka wants it; secrets stay out of {@link #toString()}. */
    Map<String, Object> kafkaConfig() {
        return new HashMap<>(config);
    }

    @Override
    public String toString() {
        return "ProducerSettings[bootstrap.servers=" + config.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)
                + ", acks=" + config.get(ProducerConfig.ACKS_CONFIG) + ", pool=" + pool + "]";
    }
}
