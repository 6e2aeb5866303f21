package io.tweetstream.adapter.avro;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.apache.avro.SystemLimitException;

/**
 * Caps the string and bytes lengths Avro's decoders accept, JVM-wide, so a length prefix that claims a gigabyte
 * fails at once instead of allocating it.
 *
 * <p>Avro 1.12.1 reads {@value SystemLimitException#MAX_STRING_LENGTH_PROPERTY} and
 * {@value SystemLimitException#MAX_BYTES_LENGTH_PROPERTY} once, in the static initialiser of
 * {@link SystemLimitException}, and checks every string and bytes length against them (in {@code BinaryDecoder}
 * and {@code Utf8}). Executors get no {@code -D} flags unless someone remembers
 * {@code spark.executor.extraJavaOptions}, so every codec applies the limits itself before its first decode:
 * it sets the properties that are not set yet (an operator's values win) and, if Avro had already read them
 * (some other code decoded first), makes Avro read them again.
 */
final class AvroDecodeLimits {

    /**
     * A tweet is at most a few kilobytes, and Kafka's default record limit is about 1 MB: no legitimate string in
     * one message is longer. Small enough that a corrupt prefix costs little memory.
     */
    static final int DEFAULT_MAX_LENGTH = 1 << 20;

    static final String STRING_PROPERTY = SystemLimitException.MAX_STRING_LENGTH_PROPERTY;
    static final String BYTES_PROPERTY = SystemLimitException.MAX_BYTES_LENGTH_PROPERTY;

    /** Avro's own ceiling (its MAX_ARRAY_VM_LIMIT): a limit at or above it means "unlimited". */
    private static final long AVRO_CEILING = Integer.MAX_VALUE - 8;

    private static volatile boolean applied;

    private AvroDecodeLimits() {
    }

    /** Cheap after the first call on a JVM; call it before the first decode. */
    static void ensureApplied() {
        if (!applied) {
            apply();
        }
    }

    static synchronized void apply() {
        setIfAbsent(STRING_PROPERTY);
        setIfAbsent(BYTES_PROPERTY);
        if (!inEffect()) {
            // SystemLimitException was initialised before the properties were set.
            rereadAvroLimits();
        }
        if (!inEffect()) {
            throw new IllegalStateException("Avro ignores " + STRING_PROPERTY + " / " + BYTES_PROPERTY
                    + "; pass them as -D options to every JVM (spark.driver.extraJavaOptions and"
                    + " spark.executor.extraJavaOptions)");
        }
        applied = true;
    }

    /** Whether Avro enforces the configured limits now (probes its own checks, which use the cached values). */
    static boolean inEffect() {
        return enforced(STRING_PROPERTY) && enforced(BYTES_PROPERTY);
    }

    /** Makes Avro read the properties again: its {@code resetLimits()} is package-private, hence reflection. */
    static void rereadAvroLimits() {
        try {
            Method reset = SystemLimitException.class.getDeclaredMethod("resetLimits");
            reset.setAccessible(true);
            reset.invoke(null);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException | RuntimeException e) {
            throw new IllegalStateException("cannot make Avro re-read " + STRING_PROPERTY + " and " + BYTES_PROPERTY
                    + " (Avro was initialised before they were set); pass them as -D options to every JVM", e);
        }
    }

    private static void setIfAbsent(String property) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(DEFAULT_MAX_LENGTH));
        }
    }

    /** Whether Avro's cached limit is exactly the configured one: it accepts that length and refuses one more. */
    private static boolean enforced(String property) {
        long limit = configured(property);
        if (limit >= AVRO_CEILING) {
            return true; // the operator asked for no limit beyond Avro's own
        }
        return accepts(property, limit) && !accepts(property, limit + 1);
    }

    private static boolean accepts(String property, long length) {
        try {
            if (property.equals(STRING_PROPERTY)) {
                SystemLimitException.checkMaxStringLength(length);
            } else {
                SystemLimitException.checkMaxBytesLength(length);
            }
            return true;
        } catch (SystemLimitException refused) {
            return false;
        }
    }

    private static long configured(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            return AVRO_CEILING;
        }
        try {
            return Integer.parseUnsignedInt(value);
        } catch (NumberFormatException e) {
            // Avro would silently fall back to no limit at all: refuse instead.
            throw new IllegalStateException(property + "=" + value + " is not a length in bytes", e);
        }
    }
}
