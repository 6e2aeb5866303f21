package io.tweetstream.domain;

import java.util.Objects;

/**
 * A tweet as the original example defined it: who wrote it, what it says, and when (Unix epoch seconds).
 *
 * <p>Immutable and validated on construction, so a {@code Tweet} that exists is a valid one: adapters that
 * decode bytes into tweets surface a bad record as a decode failure instead of passing it on.
 */
public record Tweet(String username, String text, long timestamp) {

    public Tweet {
        Objects.requireNonNull(username, "username must not be null");
        Objects.requireNonNull(text, "text must not be null");
        if (timestamp < 0) {
            throw new IllegalArgumentException("timestamp must be Unix epoch seconds >= 0, got " + timestamp);
        }
    }

    /** The same tweet with other text: what most transformations produce. */
    public Tweet withText(String newText) {
        return newText.equals(text) ? this : new Tweet(username, newText, timestamp);
    }
}
