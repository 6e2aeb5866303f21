package io.tweetstream.plugin;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Durations as settings write them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}; positive, no overflow. */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)");
    private static final String ACCEPTED = "a positive duration such as 500ms, 30s, 5m or 1h";

    private Durations() {
    }

    /** @throws IllegalArgumentException saying what is accepted */
    public static Duration parse(String value) {
        Matcher m = DURATION.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (m.matches() && Long.parseLong(m.group(1)) > 0) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        throw new IllegalArgumentException("must be " + ACCEPTED + ", got '" + value + "'");
    }

    /** For {@link ConfigDef}: a {@code STRING} setting that must parse as a duration. */
    public static ConfigDef.Validator validator() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null) {
                    return; // required-ness is ConfigDef's own check
                }
                try {
                    parse(value.toString());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, "must be " + ACCEPTED);
                }
            }

            @Override
            public String toString() {
                return ACCEPTED;
            }
        };
    }
}
