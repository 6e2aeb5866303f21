package io.tweetstream.application.fake;

import io.tweetstream.application.message.DeliveryFailedException;
import io.tweetstream.application.message.OutputRecord;
import io.tweetstream.application.port.out.TaskResources;
import io.tweetstream.application.port.out.TweetSink;
import io.tweetstream.application.port.out.TweetSinkFactory;
import java.util.Objects;

/**
 * A real sink with a delivery failure injected: every record goes to the wrapped sink, but a flush that included a
 * tweet with the given text then fails as a lost delivery would (a plain {@link DeliveryFailedException}, not a
 * refusal: the batch must fail). Serializable like the sink it wraps, so engines ship it to their workers.
 */
public record FailingTweetSinkFactory(TweetSinkFactory delegate, String failOnText) implements TweetSinkFactory {

    public FailingTweetSinkFactory {
        Objects.requireNonNull(delegate, "delegate");
        Objects.requireNonNull(failOnText, "failOnText");
    }

    @Override
    public TweetSink create(TaskResources shared) {
        TweetSink sink = delegate.create(shared);
        return new TweetSink() {
            private boolean poisoned;

            @Override
            public void open() {
                poisoned = false;
                sink.open();
            }

            @Override
            public void write(OutputRecord record) {
                poisoned |= record.tweet().text().equals(failOnText);
                sink.write(record);
            }

            @Override
            public long flush() {
                long acknowledged = sink.flush();
                if (poisoned) {
                    throw new DeliveryFailedException("delivery of '" + failOnText + "' failed (injected)",
                            acknowledged, null);
                }
                return acknowledged;
            }

            @Override
            public void close() {
                sink.close();
            }
        };
    }
}
