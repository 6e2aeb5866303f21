package io.tweetstream.application.port.out;

import java.io.Serializable;

/** Makes a {@link DeadLetterSink} where the work runs; see {@link TweetSinkFactory}. */
@FunctionalInterface
public interface DeadLetterSinkFactory extends Serializable {

    /** @param shared what this worker's sinks share (e.g. one pooled producer for output and dead letters) */
    DeadLetterSink create(TaskResources shared);
}
