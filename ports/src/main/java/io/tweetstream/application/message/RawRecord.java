package io.tweetstream.application.message;

import java.util.List;
import java.util.Objects;

/**
 * One input record as the source delivered it: undecoded bytes plus where it came from.
 *
 * @param source topic, partition and offset it was read at
 * @param timestampMillis the source's record timestamp (epoch milliseconds), or -1 if it has none
 * @param key the record key (may be null); kept on every output so per-key order holds downstream
 * @param value the encoded tweet (may be null or garbage: decoding decides)
 * @param headers headers to carry to the outputs
 */
public record RawRecord(SourcePosition source, long timestampMillis, byte[] key, byte[] value,
                        List<MessageHeader> headers) {

    public RawRecord {
        Objects.requireNonNull(source, "source");
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    public static RawRecord of(SourcePosition source, byte[] key, byte[] value) {
        return new RawRecord(source, -1L, key, value, List.of());
    }
}
