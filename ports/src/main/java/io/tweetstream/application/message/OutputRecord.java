package io.tweetstream.application.message;

import io.tweetstream.domain.Tweet;
import java.util.List;
import java.util.Objects;

/**
 * A transformed tweet ready for a sink: the tweet itself (for sinks with their own format), its bytes in the
 * configured codec (for sinks that forward bytes), the input's key and headers, and the input record it came from
 * (so a record a sink refuses for good can be dead-lettered as it was read, see {@link RecordsRefusedException}).
 */
public record OutputRecord(Tweet tweet, byte[] key, byte[] value, List<MessageHeader> headers, RawRecord input) {

    public OutputRecord {
        Objects.requireNonNull(tweet, "tweet");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(input, "input");
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    /** Where the input record was read. */
    public SourcePosition source() {
        return input.source();
    }
}
