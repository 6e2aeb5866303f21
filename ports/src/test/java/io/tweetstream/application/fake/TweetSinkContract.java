package io.tweetstream.application.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tweetstream.application.message.OutputRecord;
import io.tweetstream.application.message.RawRecord;
import io.tweetstream.application.message.SourcePosition;
import io.tweetstream.application.port.out.TweetSink;
import io.tweetstream.domain.Tweet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TweetSink} must do. A new sink gets these tests by extending this class and saying how to
 * make one and how to read back what it delivered.
 */
public abstract class TweetSinkContract {

    /** A fresh sink writing to a fresh destination. */
    protected abstract TweetSink newSink();

    /** Everything the destination holds now, in delivery order where it has one. */
    protected abstract List<Tweet> delivered();

    @Test
    void afterFlushEveryWrittenTweetIsDeliveredAndCounted() {
        List<Tweet> tweets = tweets(0, 500);
        try (TweetSink sink = newSink()) {
            sink.open();
            tweets.forEach(t -> sink.write(record(t)));
            assertThat(sink.flush()).isEqualTo(500);
        }
        assertThat(delivered()).containsExactlyInAnyOrderElementsOf(tweets);
    }

    @Test
    void batchesAfterBatchesAreDeliveredThroughOpenAndCloseCycles() {
        TweetSink sink = newSink();
        for (int batch = 0; batch < 3; batch++) {
            sink.open();
            for (Tweet t : tweets(batch * 10, 10)) {
                sink.write(record(t));
            }
            assertThat(sink.flush()).isEqualTo(10);
            sink.close();
        }
        assertThat(delivered()).containsExactlyInAnyOrderElementsOf(tweets(0, 30));
    }

    @Test
    void aFlushWithNothingWrittenDeliversNothing() {
        try (TweetSink sink = newSink()) {
            sink.open();
            assertThat(sink.flush()).isZero();
        }
        assertThat(delivered()).isEmpty();
    }

    @Test
    void aTweetIsDeliveredWhole() {
        Tweet odd = new Tweet("ANY_USER_1", "quotes \" backslash \\ new\nline caf\u00e9 \uD83D\uDE80 \u6771\u4eac", 0);
        try (TweetSink sink = newSink()) {
            sink.open();
            sink.write(record(odd));
            sink.flush();
        }
        assertThat(delivered()).containsExactly(odd);
    }

    @Test
    void writingBeforeOpenIsAnError() {
        TweetSink sink = newSink();
        assertThatThrownBy(() -> sink.write(record(tweets(0, 1).get(0)))).isInstanceOf(IllegalStateException.class);
    }

    protected static List<Tweet> tweets(int from, int count) {
        List<Tweet> tweets = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            tweets.add(new Tweet("user-" + (i % 7), "tweet " + i, i));
        }
        return tweets;
    }

    protected static OutputRecord record(Tweet tweet) {
        byte[] key = tweet.username().getBytes(StandardCharsets.UTF_8);
        byte[] value = new FakeTweetCodec().encode(tweet);
        return new OutputRecord(tweet, key, value, List.of(),
                RawRecord.of(new SourcePosition("in", 0, tweet.timestamp()), key, value));
    }
}
