package io.tweetstream.application.fake;

import io.tweetstream.application.port.out.TweetSink;
import io.tweetstream.domain.Tweet;
import java.util.List;

/** The fake keeps the sink contract, so tests that rely on it rely on something real. */
class InMemoryTweetSinkContractTest extends TweetSinkContract {

    private final InMemoryTweetSink sink = new InMemoryTweetSink();

    @Override
    protected TweetSink newSink() {
        return sink;
    }

    @Override
    protected List<Tweet> delivered() {
        return sink.deliveredTweets();
    }
}
