package io.tweetstream.application.port.out;

import java.io.Serializable;

/** Makes a {@link TweetCodec} where the work runs; see {@link TweetSinkFactory}. */
@FunctionalInterface
public interface TweetCodecFactory extends Serializable {

    TweetCodec create();
}
