package io.tweetstream.application.message;

import java.util.Objects;

/**
 * An input record the pipeline could not process, kept whole with the reason, so nothing is silently dropped.
 *
 * @param original the record exactly as read (its bytes are not altered)
 * @param reason what went wrong, in words a person can act on
 * @param errorType a short machine-readable cause, e.g. the exception class or failure kind
 */
public record DeadLetter(RawRecord original, String reason, String errorType) {

    public DeadLetter {
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(errorType, "errorType");
    }
}
