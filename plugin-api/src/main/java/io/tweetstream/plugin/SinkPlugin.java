package io.tweetstream.plugin;

import com.google.inject.Module;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/**
 * A sink that plugs itself in, as Kafka Connect finds connectors and Flink and Trino find connector factories: a
 * module lists its implementation in {@code META-INF/services/io.tweetstream.plugin.SinkPlugin}, and the
 * application finds it on the class path with {@link java.util.ServiceLoader}. The plug-in names itself (what users
 * write in {@code sinks=...}), declares and validates its own settings, and contributes the Guice module that adds its
 * {@link io.tweetstream.application.port.out.TweetSinkFactory} to the pipeline's sinks (see {@link SinkBinding}).
 *
 * <p>So adding a sink is a new module plus one dependency in the distribution: nothing in bootstrap or its
 * configuration is edited.
 */
public interface SinkPlugin {

    /** What users write in {@code sinks=...}: lower case, unique among the plug-ins on the class path. */
    String name();

    /**
     * Its own settings with their full keys (by convention {@code <name>.<setting>}, e.g. {@code file.directory}):
     * type, default (none means required when this sink is chosen), validator, importance and documentation.
     * Settings of a sink that is not chosen are accepted and ignored.
     */
    ConfigDef settings();

    /**
     * The bindings of this sink, from its settings already validated and parsed by {@link #settings()}. May throw
     * {@link IllegalArgumentException} naming a setting for checks that span several settings. Declares bindings
     * only: no I/O here.
     *
     * @param settings every declared key with its parsed value (defaults filled in)
     */
    Module module(Map<String, Object> settings);
}
