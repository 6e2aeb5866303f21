package io.tweetstream.bootstrap.config;

import io.tweetstream.plugin.SinkPlugin;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The sink plug-ins on the class path, found with {@link ServiceLoader}: adding a sink module to the distribution
 * adds its name to {@code sinks=...} and its settings to the configuration, with no edit here.
 */
public final class SinkPlugins {

    private final Map<String, SinkPlugin> byName;

    private SinkPlugins(Map<String, SinkPlugin> byName) {
        this.byName = byName;
    }

    /** Every plug-in this class loader can see. */
    public static SinkPlugins discover() {
        return of(ServiceLoader.load(SinkPlugin.class, SinkPlugins.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList());
    }

    static SinkPlugins of(Collection<SinkPlugin> plugins) {
        Map<String, SinkPlugin> byName = new TreeMap<>();
        for (SinkPlugin plugin : plugins) {
            SinkPlugin clash = byName.put(plugin.name(), plugin);
            if (clash != null) {
                throw new IllegalStateException("two sink plug-ins are named '" + plugin.name() + "': "
                        + clash.getClass().getName() + " and " + plugin.getClass().getName());
            }
        }
        return new SinkPlugins(byName);
    }

    /** Their names, sorted. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    SinkPlugin get(String name) {
        return byName.get(name);
    }

    Collection<SinkPlugin> all() {
        return byName.values();
    }
}
