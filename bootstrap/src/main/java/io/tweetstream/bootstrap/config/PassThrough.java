package io.tweetstream.bootstrap.config;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings passed to Kafka's clients or to Spark under a prefix. A Kafka key is checked against the client's own
 * declarations ({@code ProducerConfig}, {@code ConsumerConfig}, {@code AdminClientConfig}): an unknown one is a
 * problem naming the closest known key (a typo such as {@code lingr.ms} would otherwise draw only a warning from the
 * client, at run time), unless it is declared in {@code kafka.extra-keys}; a known one's value is checked against its
 * type and validator, with secrets (Kafka's {@code PASSWORD} type) never printed. {@code spark.conf.} passes as is.
 */
enum PassThrough {

    CLIENT("kafka.client.", "passed to every Kafka client (e.g. `kafka.client.security.protocol=SASL_SSL`)",
            union(ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef())),
    CONSUMER("kafka.consumer.", "passed to the consumers (e.g. `kafka.consumer.fetch.min.bytes=65536`)",
            ConsumerConfig.configDef()),
    PRODUCER("kafka.producer.", "passed to the producers, over the safe defaults `acks=all`, "
            + "`enable.idempotence=true`, `compression.type=lz4`, `linger.ms=5`, `batch.size=131072`",
            ProducerConfig.configDef()),
    SPARK("spark.conf.", "passed to Spark as is (e.g. `spark.conf.spark.executor.memory=2g`); Kryo with "
            + "`TweetstreamKryoRegistrator` is preset", null);

    private final String prefix;
    private final String documentation;
    private final ConfigDef kafka;

    PassThrough(String prefix, String documentation, ConfigDef kafka) {
        this.prefix = prefix;
        this.documentation = documentation;
        this.kafka = kafka;
    }

    String prefix() {
        return prefix;
    }

    String documentation() {
        return documentation;
    }

    /** The pass-through whose prefix {@code key} has, or null. */
    static PassThrough of(String key) {
        for (PassThrough p : values()) {
            if (key.startsWith(p.prefix)) {
                return p;
            }
        }
        return null;
    }

    /** Every {@code prefix.x=y} of {@code settings} as {@code x=y}. */
    Map<String, String> from(Map<String, String> settings) {
        Map<String, String> out = new TreeMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                out.put(key.substring(prefix.length()), value);
            }
        });
        return out;
    }

    /** Problems of one written key under this prefix, each naming it; none for Spark's. */
    void check(String key, String value, Set<String> extraKeys, List<String> problems) {
        if (kafka == null) {
            return;
        }
        String name = key.substring(prefix.length());
        ConfigDef.ConfigKey declared = kafka.configKeys().get(name);
        if (declared == null) {
            if (!extraKeys.contains(name)) {
                problems.add(key + ": '" + name + "' is not a setting of " + clients() + "; did you mean '"
                        + prefix + ClosestName.to(name, kafka.names()) + "'? (a client plug-in's own key: list it in kafka.extra-keys)");
            }
            return;
        }
        try {
            Object parsed = ConfigDef.parseType(name, value, declared.type);
            if (declared.validator != null) {
                declared.validator.ensureValid(name, parsed);
            }
        } catch (ConfigException e) {
            // Kafka's message names the client key and hides a PASSWORD's value: say where it was written
            problems.add(key + ": " + e.getMessage());
        }
    }

    private String clients() {
        return switch (this) {
            case CLIENT -> "Kafka's clients";
            case CONSUMER -> "the Kafka consumer";
            default -> "the Kafka producer";
        };
    }


    private static ConfigDef union(ConfigDef... defs) {
        ConfigDef all = new ConfigDef();
        Set<String> seen = new TreeSet<>();
        for (ConfigDef def : defs) {
            for (ConfigDef.ConfigKey key : def.configKeys().values()) {
                if (seen.add(key.name)) {
                    all.define(key);
                }
            }
        }
        return all;
    }
}
