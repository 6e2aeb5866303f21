package io.tweetstream.application.fake;

import io.tweetstream.application.message.DeadLetter;
import io.tweetstream.application.message.RawRecord;
import io.tweetstream.application.port.out.DeadLetterSink;

/** In-memory {@link DeadLetterSink}. */
public final class InMemoryDeadLetterSink extends InMemorySink<DeadLetter> implements DeadLetterSink {

    @Override
    protected RawRecord inputOf(DeadLetter record) {
        return record.original();
    }
}
