package io.tweetstream.adapter.file;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import io.tweetstream.application.port.out.TweetSink;
import io.tweetstream.application.port.out.TweetSinkFactory;

/** Adds the JSON Lines file sink to the pipeline's sinks ({@code sinks=file}, or with others: {@code kafka,file}). */
public final class FileSinkModule extends AbstractModule {

    private final FileSinkSettings settings;

    public FileSinkModule(FileSinkSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), TweetSinkFactory.class).addBinding().toInstance(new Factory(settings));
    }

    /** Serializable: travels to the workers, where each builds its own sink. */
    record Factory(FileSinkSettings settings) implements TweetSinkFactory {
        @Override
        public TweetSink create() {
            return new JsonLinesFileSink(settings);
        }
    }
}
