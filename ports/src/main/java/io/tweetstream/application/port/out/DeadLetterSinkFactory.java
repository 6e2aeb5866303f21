package io.tweetstream.application.port.out;

import java.io.Serializable;

/** Makes a {@link DeadLetterSink} where the work runs; see {@link TweetSinkFactory}. */
@FunctionalInterface
public interface DeadLetterSinkFactory extends Serializable {

    DeadLetterSink create();
}
