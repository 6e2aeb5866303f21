package io.tweetstream.application.message;

import io.tweetstream.domain.Tweet;
import java.util.List;
import java.util.Objects;

/**
 * A transformed tweet ready for a sink: the tweet itself (for sinks with their own format), its bytes in the
 * configured codec (for sinks that forward bytes), and the input's key and headers.
 */
public record OutputRecord(Tweet tweet, byte[] key, byte[] value, List<MessageHeader> headers,
                           SourcePosition source) {

    public OutputRecord {
        Objects.requireNonNull(tweet, "tweet");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
        headers = headers == null ? List.of() : List.copyOf(headers);
    }
}
