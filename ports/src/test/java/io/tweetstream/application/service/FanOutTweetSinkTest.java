package io.tweetstream.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tweetstream.application.fake.InMemoryTweetSink;
import io.tweetstream.application.fake.TweetSinkContract;
import io.tweetstream.application.message.DeliveryFailedException;
import io.tweetstream.application.message.RecordsRefusedException;
import io.tweetstream.application.port.out.TweetSink;
import io.tweetstream.domain.Tweet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A fan-out over two sinks keeps the sink contract, and fails a batch that either sink could not take. */
class FanOutTweetSinkTest extends TweetSinkContract {

    private final InMemoryTweetSink first = new InMemoryTweetSink();
    private final InMemoryTweetSink second = new InMemoryTweetSink();

    @Override
    protected TweetSink newSink() {
        return new FanOutTweetSink(List.of(first, second));
    }

    @Override
    protected List<Tweet> delivered() {
        assertThat(second.deliveredTweets()).containsExactlyElementsOf(first.deliveredTweets());
        return first.deliveredTweets();
    }

    @Test
    void aBatchFailsWhenOneSinkFailsAndTheOtherIsStillFlushed() {
        second.failDeliveryOf(r -> r.tweet().text().equals("tweet 3"));
        TweetSink fanOut = newSink();
        fanOut.open();
        tweets(0, 5).forEach(t -> fanOut.write(record(t)));

        assertThatThrownBy(fanOut::flush).isInstanceOfSatisfying(DeliveryFailedException.class,
                e -> assertThat(e.acknowledged()).as("what both sinks hold").isEqualTo(4));
        fanOut.close();

        assertThat(first.deliveredTweets()).hasSize(5);
        assertThat(first.isOpen()).isFalse();
        assertThat(second.isOpen()).isFalse();
    }

    @Test
    void refusalsOfEverySinkAreReportedTogetherWhenNothingElseFailed() {
        first.refuse(r -> r.tweet().text().equals("tweet 1"));
        second.refuse(r -> r.tweet().text().equals("tweet 3"));
        TweetSink fanOut = newSink();
        fanOut.open();
        tweets(0, 5).forEach(t -> fanOut.write(record(t)));

        assertThatThrownBy(fanOut::flush).isInstanceOfSatisfying(RecordsRefusedException.class, e -> {
            assertThat(e.refused()).extracting(d -> d.original().source().offset()).containsExactly(1L, 3L);
            assertThat(e.acknowledged()).isEqualTo(4);
        });
        fanOut.close();
    }

    @Test
    void aRefusalBesideAnotherSinksFailureFailsTheBatch() {
        first.refuse(r -> r.tweet().text().equals("tweet 1"));
        second.failDeliveryOf(r -> r.tweet().text().equals("tweet 3"));
        TweetSink fanOut = newSink();
        fanOut.open();
        tweets(0, 5).forEach(t -> fanOut.write(record(t)));

        assertThatThrownBy(fanOut::flush).isInstanceOf(DeliveryFailedException.class)
                .isNotInstanceOf(RecordsRefusedException.class);
        fanOut.close();
    }
}
