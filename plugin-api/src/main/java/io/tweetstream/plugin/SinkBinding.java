package io.tweetstream.plugin;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.multibindings.Multibinder;
import io.tweetstream.application.port.out.TweetSinkFactory;

/**
 * The usual module of a sink plug-in: adds one serializable factory to the pipeline's set of sinks (several chosen
 * sinks become one fan-out, and a batch counts as delivered only when every sink flushed).
 */
public final class SinkBinding {

    private SinkBinding() {
    }

    public static Module of(TweetSinkFactory factory) {
        return new AbstractModule() {
            @Override
            protected void configure() {
                Multibinder.newSetBinder(binder(), TweetSinkFactory.class).addBinding().toInstance(factory);
            }
        };
    }
}
