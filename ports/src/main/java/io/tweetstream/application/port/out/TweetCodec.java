package io.tweetstream.application.port.out;

import io.tweetstream.domain.Tweet;

/** Turns tweets into bytes and back: the wire format of the input and output topics. */
public interface TweetCodec {

    byte[] encode(Tweet tweet);

    /**
     * Decodes one payload. Never throws on bad bytes (null, empty, truncated, corrupt, unknown schema):
     * returns a {@link DecodeResult.Failure} with a reason instead.
     */
    DecodeResult decode(byte[] payload);
}
