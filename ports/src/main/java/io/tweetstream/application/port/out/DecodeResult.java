package io.tweetstream.application.port.out;

import io.tweetstream.domain.Tweet;
import java.util.Objects;

/** The outcome of decoding one payload: a tweet, or the reason there is none. */
public sealed interface DecodeResult {

    record Success(Tweet tweet) implements DecodeResult {
        public Success {
            Objects.requireNonNull(tweet, "tweet");
        }
    }

    /**
     * @param reason what is wrong with the payload, for the person reading the dead-letter topic
     * @param errorType a short stable name of the failure kind (e.g. {@code truncated}, {@code unknown-schema})
     */
    record Failure(String reason, String errorType) implements DecodeResult {
        public Failure {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(errorType, "errorType");
        }
    }

    static DecodeResult success(Tweet tweet) {
        return new Success(tweet);
    }

    static DecodeResult failure(String reason, String errorType) {
        return new Failure(reason, errorType);
    }
}
