package io.tweetstream.adapter.kafka;

import com.google.inject.Module;
import io.tweetstream.plugin.SinkPlugin;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/**
 * {@code sinks=kafka}: the output topic. It declares no settings of its own: the cluster, the producers and
 * {@code output.topic} are the Kafka adapter's, which the dead letters and the topic checks use too.
 */
public final class KafkaSinkPlugin implements SinkPlugin {

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public ConfigDef settings() {
        return new ConfigDef();
    }

    @Override
    public Module module(Map<String, Object> settings) {
        return new KafkaSinkModule();
    }
}
