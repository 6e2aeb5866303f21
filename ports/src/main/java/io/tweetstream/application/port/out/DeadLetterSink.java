package io.tweetstream.application.port.out;

import io.tweetstream.application.message.DeadLetter;

/** Keeps records the pipeline could not process, with the reason, for a person or a repair job to handle. */
public interface DeadLetterSink extends Sink<DeadLetter> {
}
