package io.tweetstream.adapter.inprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tweetstream.adapter.kafka.KafkaSinkFactories;
import io.tweetstream.application.fake.FakeTweetCodec;
import io.tweetstream.application.fake.NumberedTweets;
import io.tweetstream.application.lifecycle.PipelineFailedException;
import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.application.port.out.TweetCodecFactory;
import io.tweetstream.application.service.PipelineCounters;
import io.tweetstream.application.service.ProcessBatchServiceFactory;
import io.tweetstream.domain.Tweet;
import io.tweetstream.testkit.SharedKafka;
import io.tweetstream.testkit.TestTopics;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An Error in a reader (not only an exception) fails the job: it must not end quietly with exit 0. */
class InProcessEngineFailureIT {

    @Test
    void anErrorInAReaderFailsTheEngineAndCommitsNothingOfItsPoll() {
        TestTopics topics = new TestTopics(SharedKafka.broker());
        String in = topics.create("error-in", 1, Map.of());
        String out = topics.create("error-out", 1, Map.of());
        topics.createNamed(in + ".dlq", 1, Map.of());
        topics.write(in, NumberedTweets.keyed(new FakeTweetCodec(), 0, 10, 3, 0));
        String bootstrap = SharedKafka.bootstrapServers();
        InProcessEngine engine = new InProcessEngine(InProcessEngineSettings.of(bootstrap, in, "error-it"),
                new ProcessBatchServiceFactory(new ErrorOnTweet("tweet 7"), "identity",
                        KafkaSinkFactories.tweets(bootstrap, out), KafkaSinkFactories.deadLetters(bootstrap, in + ".dlq")),
                new PipelineCounters());
        engine.start();

        assertThatThrownBy(() -> engine.awaitTermination(Duration.ofSeconds(60)))
                .isInstanceOf(PipelineFailedException.class)
                .hasRootCauseInstanceOf(AssertionError.class)
                .hasMessageContaining("tweet 7");
        assertThat(topics.committed("error-it")).as("nothing of the failed poll is committed").isEmpty();
    }

    /** A codec that breaks the way a library bug does: with an Error, not an exception. */
    private record ErrorOnTweet(String text) implements TweetCodecFactory {
        @Override
        public TweetCodec create() {
            FakeTweetCodec codec = new FakeTweetCodec();
            return new TweetCodec() {
                @Override
                public byte[] encode(Tweet tweet) {
                    return codec.encode(tweet);
                }

                @Override
                public DecodeResult decode(byte[] payload) {
                    DecodeResult result = codec.decode(payload);
                    if (result instanceof DecodeResult.Success s && s.tweet().text().equals(text)) {
                        throw new AssertionError("a library bug while decoding " + text);
                    }
                    return result;
                }
            };
        }
    }
}
