package io.tweetstream.adapter.avro;

import io.tweetstream.application.port.out.TweetCodecFactory;

/**
 * The Avro codecs by the names configuration uses. For code that must build a codec without Guice, e.g. where a
 * serializable factory travels to Spark executors.
 */
public final class AvroCodecs {

    /** Plain Avro binary, no header: what the original example reads and writes. */
    public static final String BINARY = "binary";

    /** Avro single-object encoding: marker, schema fingerprint, body; resolves other schema versions. */
    public static final String SINGLE_OBJECT = "single-object";

    /** The default, for compatibility with the original producers. */
    public static final String DEFAULT = BINARY;

    private AvroCodecs() {
    }

    /**
     * A serializable factory of the named codec; each {@code create()} returns a thread-safe codec.
     *
     * @throws IllegalArgumentException if {@code codec} is not {@value #BINARY} or {@value #SINGLE_OBJECT}
     */
    public static TweetCodecFactory factory(String codec) {
        return AvroCodecKind.named(codec);
    }
}
