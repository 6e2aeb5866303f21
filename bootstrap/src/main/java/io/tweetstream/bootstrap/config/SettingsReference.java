package io.tweetstream.bootstrap.config;

import io.tweetstream.plugin.SinkPlugin;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The settings table of README.md ("Configuration"), generated from the declarations: the application's own, each
 * sink plug-in's on the class path, then the pass-through prefixes. {@code ./tweetstream settings} prints it.
 */
public final class SettingsReference {

    private SettingsReference() {
    }

    /** A Markdown table: setting, default, meaning. */
    public static String markdown() {
        StringBuilder table = new StringBuilder("| setting | default | meaning |\n|---|---|---|\n");
        rows(table, CoreSettings.definition(), "required", "");
        for (SinkPlugin plugin : SinkPlugins.discover().all()) {
            rows(table, plugin.settings(), "required with `sinks=..." + plugin.name() + "`",
                    " (the `" + plugin.name() + "` sink)");
        }
        for (PassThrough passThrough : PassThrough.values()) {
            table.append("| `").append(passThrough.prefix()).append("<any>` | | ")
                    .append(passThrough.documentation()).append(" |\n");
        }
        return table.toString();
    }

    private static void rows(StringBuilder table, ConfigDef def, String required, String whose) {
        for (ConfigDef.ConfigKey key : def.configKeys().values()) {
            table.append("| `").append(key.name).append("` | ").append(key.hasDefault() ? defaultOf(key) : required)
                    .append(" | ").append(key.documentation.replace("|", "\\|")).append(whose).append(" |\n");
        }
    }

    private static String defaultOf(ConfigDef.ConfigKey key) {
        if (key.defaultValue == null || key.defaultValue.toString().isEmpty()) {
            return "";
        }
        if (key.defaultValue instanceof List<?> list) {
            return list.isEmpty() ? "" : "`" + list.stream().map(Object::toString).collect(Collectors.joining(","))
                    + "`";
        }
        return "`" + key.defaultValue + "`";
    }
}
