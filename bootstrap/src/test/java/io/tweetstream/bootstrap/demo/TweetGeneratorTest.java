package io.tweetstream.bootstrap.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tweetstream.adapter.avro.AvroCodecs;
import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.domain.Tweet;
import org.junit.jupiter.api.Test;

class TweetGeneratorTest {

    private final TweetCodec codec = AvroCodecs.factory("binary").create();

    @Test
    void tweetsAreRealisticAndEncodable() {
        TweetGenerator generator = new TweetGenerator(1);
        long bytes = 0;
        int count = 100_000;
        for (int i = 0; i < count; i++) {
            Tweet tweet = generator.next(i);
            assertThat(tweet.text().length()).isBetween(15, 280);
            assertThat(Character.isHighSurrogate(tweet.text().charAt(tweet.text().length() - 1))).isFalse();
            byte[] encoded = codec.encode(tweet);
            bytes += encoded.length;
            assertThat(codec.decode(encoded)).isEqualTo(DecodeResult.success(tweet));
        }
        assertThat(bytes / count).as("average Avro size, about 170 bytes").isBetween(120L, 220L);
    }

    @Test
    void theSameSeedGivesTheSameTweets() {
        assertThat(new TweetGenerator(9).next(5)).isEqualTo(new TweetGenerator(9).next(5));
    }

    @Test
    void truncatedRecordsNeverDecode() {
        TweetGenerator generator = new TweetGenerator(3);
        for (int i = 0; i < 10_000; i++) {
            byte[] truncated = TweetGenerator.truncated(codec.encode(generator.next(i)));
            assertThat(codec.decode(truncated)).isInstanceOf(DecodeResult.Failure.class);
        }
    }
}
