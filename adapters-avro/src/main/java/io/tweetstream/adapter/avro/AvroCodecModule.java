package io.tweetstream.adapter.avro;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.application.port.out.TweetCodecFactory;

/**
 * The Avro adapter's bindings: the wire codec chosen by name, as a serializable factory (for workers) and as a
 * codec (for the driver). Declares bindings only.
 */
public final class AvroCodecModule extends AbstractModule {

    private final TweetCodecFactory codecs;

    /**
     * @param codec {@value AvroCodecs#BINARY} (the default, see {@link AvroCodecs#DEFAULT}) or
     *              {@value AvroCodecs#SINGLE_OBJECT}
     * @throws IllegalArgumentException on any other name, listing the accepted ones
     */
    public AvroCodecModule(String codec) {
        // Checked here, so a typo in the configuration fails before any injector is built.
        this.codecs = AvroCodecs.factory(codec);
    }

    @Override
    protected void configure() {
        bind(TweetCodecFactory.class).toInstance(codecs);
    }

    @Provides
    @Singleton
    TweetCodec codec(TweetCodecFactory factory) {
        // Codecs are thread-safe, so one instance serves the whole injector.
        return factory.create();
    }
}
