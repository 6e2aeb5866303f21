package io.tweetstream.bootstrap.config;

import io.tweetstream.plugin.Durations;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Settings as written (a properties file, then command-line overrides), read by typed getters that record
 * every problem with the setting's name instead of stopping at the first, and that notice unknown keys.
 */
final class RawSettings {

    private final Map<String, String> values;
    private final Set<String> read = new HashSet<>();
    private final List<String> problems = new ArrayList<>();

    RawSettings(Map<String, String> values) {
        this.values = new TreeMap<>(values);
    }

    /**
     * {@code defaults}, overridden by the file's settings, overridden by {@code overrides}; a missing or
     * unreadable file is a problem too.
     */
    static RawSettings load(Map<String, String> defaults, Path file, Map<String, String> overrides) {
        Map<String, String> values = new TreeMap<>(defaults);
        List<String> fileProblems = new ArrayList<>();
        if (file != null) {
            Properties props = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(reader);
                props.stringPropertyNames().forEach(k -> values.put(k.strip(), props.getProperty(k).strip()));
            } catch (IOException e) {
                fileProblems.add("--config: cannot read " + file + ": " + e.getMessage());
            }
        }
        values.putAll(overrides);
        RawSettings settings = new RawSettings(values);
        settings.problems.addAll(fileProblems);
        return settings;
    }

    String string(String key, String defaultValue) {
        read.add(key);
        String value = values.get(key);
        return value == null || value.isBlank() ? defaultValue : value.strip();
    }

    String required(String key) {
        String value = string(key, null);
        if (value == null) {
            problems.add(key + " is required");
        }
        return value;
    }

    String oneOf(String key, String defaultValue, List<String> accepted) {
        String value = string(key, defaultValue);
        if (value != null && !accepted.contains(value)) {
            problems.add(key + " must be one of " + String.join(", ", accepted) + ", got '" + value + "'");
            return defaultValue;
        }
        return value;
    }

    int positiveInt(String key, int defaultValue) {
        return (int) number(key, defaultValue, 1, Integer.MAX_VALUE, "a positive integer");
    }

    long nonNegativeLong(String key, long defaultValue) {
        return number(key, defaultValue, 0, Long.MAX_VALUE, "an integer >= 0");
    }

    private long number(String key, long defaultValue, long min, long max, String what) {
        String value = string(key, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(key + " must be " + what + ", got '" + value + "'");
        return defaultValue;
    }

    boolean bool(String key, boolean defaultValue) {
        String value = string(key, null);
        if (value == null) {
            return defaultValue;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                problems.add(key + " must be true or false, got '" + value + "'");
                return defaultValue;
        }
    }

    /** A positive duration written as {@code 500ms}, {@code 30s}, {@code 5m} or {@code 1h}. */
    Duration duration(String key, Duration defaultValue) {
        String value = string(key, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            problems.add(key + " " + e.getMessage());
            return defaultValue;
        }
    }

    /** The values of these keys as written, marked as read (keys declared by a plug-in). */
    Map<String, String> declared(Set<String> keys) {
        Map<String, String> out = new TreeMap<>();
        for (String key : keys) {
            read.add(key);
            String value = values.get(key);
            if (value != null && !value.isBlank()) {
                out.put(key, value.strip());
            }
        }
        return out;
    }

    /** A value checked by a domain parser whose message says what is accepted. */
    <T> T parsed(String key, String defaultValue, Function<String, T> parser) {
        String value = string(key, defaultValue);
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            problems.add(key + " " + e.getMessage());
            return parser.apply(defaultValue);
        }
    }

    /** Every {@code prefix.x=y} as {@code x=y}: settings passed through to Kafka or Spark unchanged. */
    Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                read.add(key);
                out.put(key.substring(prefix.length()), value);
            }
        });
        return out;
    }

    void problem(String message) {
        problems.add(message);
    }

    /** Throws with every problem found, unknown settings included. */
    void check() {
        List<String> all = new ArrayList<>(problems);
        for (String key : values.keySet()) {
            if (!read.contains(key)) {
                all.add("unknown setting '" + key + "' (see the configuration reference in README.md)");
            }
        }
        if (!all.isEmpty()) {
            throw new ConfigException(all);
        }
    }
}
