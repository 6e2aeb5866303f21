package io.tweetstream.application.fake;

import io.tweetstream.application.message.OutputRecord;
import io.tweetstream.application.message.RawRecord;
import io.tweetstream.application.port.out.TweetSink;
import io.tweetstream.domain.Tweet;
import java.util.List;

/** In-memory {@link TweetSink}. */
public final class InMemoryTweetSink extends InMemorySink<OutputRecord> implements TweetSink {

    public List<Tweet> deliveredTweets() {
        return delivered().stream().map(OutputRecord::tweet).toList();
    }

    @Override
    protected RawRecord inputOf(OutputRecord record) {
        return record.input();
    }
}
