package io.tweetstream.plugin;

import java.time.Duration;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.spark.network.util.JavaUtils;

/**
 * Durations and sizes written as Spark's own settings write them ({@code 500ms}, {@code 30s}, {@code 5min},
 * {@code 2d}; {@code 512k}, {@code 128m}, {@code 1g}), parsed by Spark's {@link JavaUtils}, and bounded: positive, and
 * small enough that no timeout arithmetic overflows. As {@link ConfigDef} validators, a bad value is a problem that
 * names its setting.
 */
public final class SparkUnits {

    /** Longer than any sensible timeout or interval, far below what would overflow in nanoseconds. */
    public static final Duration MAX_DURATION = Duration.ofDays(365);
    private static final String DURATION = "a positive duration in Spark's units (us, ms, s, m or min, h, d; e.g. "
            + "500ms, 30s, 5min), at most 365d";
    private static final String SIZE = "a positive size in Spark's units (b, k, m, g, t, p; e.g. 512k, 128m, 1g)";

    private SparkUnits() {
    }

    /** @throws IllegalArgumentException saying what is accepted */
    public static Duration duration(String value) {
        long millis;
        try {
            millis = JavaUtils.timeStringAsMs(value.strip());
        } catch (IllegalArgumentException e) { // NumberFormatException included: bad form, or digits overflowing
            throw new IllegalArgumentException("must be " + DURATION + ", got '" + value + "'");
        }
        if (millis <= 0 || millis > MAX_DURATION.toMillis()) { // Spark's conversion saturates: huge is MAX_VALUE
            throw new IllegalArgumentException("must be " + DURATION + ", got '" + value + "'");
        }
        return Duration.ofMillis(millis);
    }

    /** @throws IllegalArgumentException saying what is accepted */
    public static long bytes(String value) {
        long bytes;
        try {
            bytes = JavaUtils.byteStringAsBytes(value.strip());
        } catch (IllegalArgumentException e) { // bad form, or a conversion beyond Long.MAX_VALUE
            throw new IllegalArgumentException("must be " + SIZE + ", got '" + value + "'");
        }
        if (bytes <= 0) {
            throw new IllegalArgumentException("must be " + SIZE + ", got '" + value + "'");
        }
        return bytes;
    }

    /** For a {@code STRING} setting holding a duration. */
    public static ConfigDef.Validator durationValidator() {
        return validator(DURATION, v -> duration(v));
    }

    /** For a {@code STRING} setting holding a size. */
    public static ConfigDef.Validator sizeValidator() {
        return validator(SIZE, v -> bytes(v));
    }

    private static ConfigDef.Validator validator(String accepted, java.util.function.Consumer<String> parse) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null) {
                    return; // required-ness is ConfigDef's own check
                }
                try {
                    parse.accept(value.toString());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, "must be " + accepted);
                }
            }

            @Override
            public String toString() {
                return accepted;
            }
        };
    }
}
