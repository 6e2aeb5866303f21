package io.tweetstream.application.message;

import java.io.Serializable;
import java.util.Objects;

/** Where a record was read: the coordinates an engine commits and a dead letter reports. */
public record SourcePosition(String topic, int partition, long offset) implements Serializable {

    public SourcePosition {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, got " + partition);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
