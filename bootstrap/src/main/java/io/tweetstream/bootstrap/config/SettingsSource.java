package io.tweetstream.bootstrap.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** Settings as written: defaults, then a properties file, then command-line overrides; a blank value is unset. */
final class SettingsSource {

    private SettingsSource() {
    }

    /** The written settings; an unreadable file is a problem, named after the option that gave it. */
    static Map<String, String> read(Map<String, String> defaults, Path file, Map<String, String> overrides,
                                    List<String> problems) {
        Map<String, String> values = new TreeMap<>(defaults);
        if (file != null) {
            Properties props = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(reader);
                props.stringPropertyNames().forEach(k -> values.put(k.strip(), props.getProperty(k).strip()));
            } catch (IOException e) {
                problems.add("--config: cannot read " + file + ": " + e.getMessage());
            }
        }
        overrides.forEach((k, v) -> values.put(k.strip(), v == null ? "" : v.strip()));
        values.values().removeIf(String::isBlank);
        return values;
    }
}
