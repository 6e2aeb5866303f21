package io.tweetstream.adapter.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.domain.Tweet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Whatever a codec encodes it decodes to the same tweet, on one thread or several sharing the codec. */
class CodecRoundTripTest {

    static Stream<TweetCodec> codecs() {
        return Stream.of(new BinaryTweetCodec(), new SingleObjectTweetCodec(KnownTweetSchemas.bundled()));
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void realisticAndEdgeCaseTweetsRoundTrip(TweetCodec codec) {
        List<Tweet> tweets = new ArrayList<>(new TweetSamples(1).next(1_000));
        tweets.add(new Tweet("", "", 0L));
        tweets.add(new Tweet("ANY_USER_1", "x".repeat(100_000), Long.MAX_VALUE));
        tweets.add(new Tweet("ANY_USER_2", "\u0000 nul, lone-free surrogates 𝄞, RTL \u202Eabc", 1L));

        for (Tweet tweet : tweets) {
            assertThat(codec.decode(codec.encode(tweet))).isEqualTo(DecodeResult.success(tweet));
        }
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void oneCodecServesSeveralThreadsAtOnce(TweetCodec codec) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                List<Tweet> tweets = new TweetSamples(100 + w).next(5_000);
                workers.add(() -> {
                    int ok = 0;
                    for (Tweet tweet : tweets) {
                        ok += codec.decode(codec.encode(tweet)).equals(DecodeResult.success(tweet)) ? 1 : 0;
                    }
                    return ok;
                });
            }
            for (Future<Integer> done : threads.invokeAll(workers)) {
                assertThat(done.get()).isEqualTo(5_000);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
