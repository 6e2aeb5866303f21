package io.tweetstream.application.fake;

import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.domain.Tweet;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * A readable stand-in for the real codecs: {@code username|timestamp|text} in strict UTF-8. Bad bytes give
 * failures with reasons, never exceptions, as the port requires.
 */
public final class FakeTweetCodec implements TweetCodec {

    @Override
    public byte[] encode(Tweet tweet) {
        if (tweet.username().contains("|")) {
            throw new IllegalArgumentException("username may not contain '|' in the fake codec");
        }
        return (tweet.username() + "|" + tweet.timestamp() + "|" + tweet.text()).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public DecodeResult decode(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return DecodeResult.failure("empty payload", "empty");
        }
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            return DecodeResult.failure("not UTF-8", "malformed");
        }
        String[] parts = s.split("\\|", 3);
        if (parts.length != 3) {
            return DecodeResult.failure("expected username|timestamp|text, got " + parts.length + " field(s)", "malformed");
        }
        try {
            return DecodeResult.success(new Tweet(parts[0], parts[2], Long.parseLong(parts[1])));
        } catch (IllegalArgumentException e) {
            return DecodeResult.failure("invalid tweet: " + e.getMessage(), "invalid");
        }
    }
}
