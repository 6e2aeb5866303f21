package io.tweetstream.adapter.spark;

import io.tweetstream.application.fake.FakeTweetCodec;
import io.tweetstream.application.port.out.TweetCodecFactory;

/** The codec the engine tests use. */
final class TestCodec {

    static final TweetCodecFactory FACTORY = FakeTweetCodec::new;

    private TestCodec() {
    }
}
