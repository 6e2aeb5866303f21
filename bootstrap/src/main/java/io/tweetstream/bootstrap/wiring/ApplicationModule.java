package io.tweetstream.bootstrap.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.tweetstream.application.port.out.DeadLetterSinkFactory;
import io.tweetstream.application.port.out.PipelineMetrics;
import io.tweetstream.application.service.PipelineCounters;
import io.tweetstream.application.port.out.TweetCodecFactory;
import io.tweetstream.application.port.out.TweetSinkFactory;
import io.tweetstream.application.service.FanOutTweetSink;
import io.tweetstream.application.service.ProcessBatchServiceFactory;
import io.tweetstream.domain.transform.TransformationCatalog;
import io.tweetstream.domain.transform.TweetTransformation;
import java.util.List;
import java.util.Set;

/** The application core's bindings: the transformation chain, the pipeline factory, the driver's counters. */
public final class ApplicationModule extends AbstractModule {

    private final String transformations;

    public ApplicationModule(String transformations) {
        this.transformations = transformations;
    }

    @Override
    protected void configure() {
        bind(PipelineMetrics.class).to(PipelineCounters.class);
        bind(PipelineCounters.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    TweetTransformation transformation() {
        return TransformationCatalog.parse(transformations);
    }

    /** The configured sinks (each adapter adds its own to the set); several become one fan-out. */
    @Provides
    @Singleton
    TweetSinkFactory sinks(Set<TweetSinkFactory> configured) {
        return FanOutTweetSink.over(List.copyOf(configured));
    }

    @Provides
    @Singleton
    ProcessBatchServiceFactory pipeline(TweetCodecFactory codec, TweetTransformation transformation,
                                        TweetSinkFactory sinks, DeadLetterSinkFactory deadLetters) {
        return new ProcessBatchServiceFactory(codec, transformation, sinks, deadLetters);
    }
}
