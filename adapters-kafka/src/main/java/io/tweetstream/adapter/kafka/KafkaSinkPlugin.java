package io.tweetstream.adapter.kafka;

import com.google.inject.Module;
import io.tweetstream.plugin.SinkPlugin;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * {@code sinks=kafka}: the output topic, its own setting. The cluster and the producers ({@code kafka.*}) are the
 * Kafka adapter's, shared with the dead letters and the topic checks.
 */
public final class KafkaSinkPlugin implements SinkPlugin {

    static final String OUTPUT_TOPIC = "output.topic";

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public ConfigDef settings() {
        return new ConfigDef().define(OUTPUT_TOPIC, Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                new ConfigDef.NonEmptyString(), Importance.HIGH,
                "topic the transformed tweets are written to; must differ from `input.topic` and "
                        + "`dead-letter.topic`");
    }

    @Override
    public Module module(Map<String, Object> settings) {
        return new KafkaSinkModule(((String) settings.get(OUTPUT_TOPIC)).strip());
    }
}
