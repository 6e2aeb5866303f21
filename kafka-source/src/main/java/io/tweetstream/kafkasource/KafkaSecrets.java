package io.tweetstream.kafkasource;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * Kafka client settings as they may be printed (a {@code toString}, a log line, an error message), by Kafka's own
 * knowledge of its settings: a value whose declared type is {@link ConfigDef.Type#PASSWORD} in the producer's,
 * consumer's or admin client's {@code ConfigDef} ({@code sasl.jaas.config}, {@code ssl.key.password},
 * {@code ssl.truststore.password}...) is shown as Kafka shows it, {@value Password#HIDDEN}; so is the value of a key
 * Kafka does not declare (a client plug-in's own, e.g. {@code basic.auth.user.info}): nothing says it is not a secret.
 */
public final class KafkaSecrets {

    private static final Set<String> PASSWORDS;
    private static final Set<String> KNOWN;

    static {
        var keys = Stream.of(ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef())
                .flatMap(def -> def.configKeys().values().stream()).toList();
        PASSWORDS = keys.stream().filter(k -> k.type == ConfigDef.Type.PASSWORD).map(k -> k.name)
                .collect(Collectors.toUnmodifiableSet());
        KNOWN = keys.stream().map(k -> k.name).collect(Collectors.toUnmodifiableSet());
    }

    private KafkaSecrets() {
    }

    /** Whether the value of Kafka client setting {@code key} may not be printed. */
    public static boolean isSecret(String key) {
        return PASSWORDS.contains(key) || !KNOWN.contains(key);
    }

    /** A sorted copy of {@code config} safe to print. */
    public static Map<String, String> redacted(Map<String, ?> config) {
        Map<String, String> shown = new TreeMap<>();
        config.forEach((key, value) -> shown.put(key, isSecret(key) ? Password.HIDDEN : String.valueOf(value)));
        return shown;
    }
}
