package io.tweetstream.adapter.kafka;

import com.google.inject.Module;
import io.tweetstream.plugin.SinkPlugin;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * {@code sinks=kafka}: the output topic, and optionally the cluster it lives on, are its own settings. The
 * producers' settings ({@code kafka.client.*}, {@code kafka.producer.*}) are the Kafka adapter's, shared with the
 * dead letters and the topic checks.
 */
public final class KafkaSinkPlugin implements SinkPlugin {

    static final String OUTPUT_TOPIC = "output.topic";
    public static final String OUTPUT_BOOTSTRAP_SERVERS = "output.bootstrap.servers";

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public ConfigDef settings() {
        return new ConfigDef()
                .define(OUTPUT_TOPIC, Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                        new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "topic the transformed tweets are written to; must differ from `input.topic` and "
                                + "`dead-letter.topic`")
                .define(OUTPUT_BOOTSTRAP_SERVERS, Type.STRING, null, Importance.MEDIUM,
                        "the cluster `output.topic` is on, to write to another cluster than the one read from "
                                + "(same `kafka.client.*` and `kafka.producer.*` settings); `kafka.bootstrap.servers` "
                                + "when not set. Dead letters stay on the input's cluster");
    }

    @Override
    public Module module(Map<String, Object> settings) {
        String cluster = (String) settings.get(OUTPUT_BOOTSTRAP_SERVERS);
        return new KafkaSinkModule(new SinkTopic(((String) settings.get(OUTPUT_TOPIC)).strip(),
                cluster == null || cluster.isBlank() ? null : cluster.strip()));
    }
}
