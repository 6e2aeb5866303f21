package io.tweetstream.adapter.avro;

import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.domain.Tweet;

/** Between the generated Avro record and the domain {@link Tweet}: the domain knows nothing of Avro. */
final class TweetMapping {

    private TweetMapping() {
    }

    /** Fills {@code into} (reused per thread, so encoding allocates no record) with the tweet's fields. */
    static io.tweetstream.adapter.avro.generated.Tweet toRecord(
            Tweet tweet, io.tweetstream.adapter.avro.generated.Tweet into) {
        into.setUsername(tweet.username());
        into.setText(tweet.text());
        into.setTimestamp(tweet.timestamp());
        return into;
    }

    static io.tweetstream.adapter.avro.generated.Tweet toRecord(Tweet tweet) {
        return toRecord(tweet, new io.tweetstream.adapter.avro.generated.Tweet());
    }

    /** The domain tweet, or why the record is not one (e.g. a negative timestamp). */
    static DecodeResult toDomain(io.tweetstream.adapter.avro.generated.Tweet record) {
        try {
            return DecodeResult.success(toTweet(record));
        } catch (IllegalArgumentException | NullPointerException e) {
            return DecodeFailures.invalid(e);
        }
    }

    /** @throws IllegalArgumentException if the record breaks a domain rule */
    static Tweet toTweet(io.tweetstream.adapter.avro.generated.Tweet record) {
        return new Tweet(record.getUsername(), record.getText(), record.getTimestamp());
    }
}
