package io.tweetstream.application.message;

import java.util.Arrays;
import java.util.Objects;

/** A record header, carried from input to output unchanged. The value may be null, as in Kafka. */
public record MessageHeader(String key, byte[] value) {

    public MessageHeader {
        Objects.requireNonNull(key, "header key");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageHeader other && key.equals(other.key) && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return key + "=" + (value == null ? "null" : value.length + " bytes");
    }
}
