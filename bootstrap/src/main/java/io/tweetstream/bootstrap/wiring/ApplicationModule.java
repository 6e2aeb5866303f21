package io.tweetstream.bootstrap.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import io.tweetstream.application.lifecycle.ProcessResource;
import io.tweetstream.application.port.in.ProcessBatchUseCaseFactory;
import io.tweetstream.application.port.out.DeadLetterSinkFactory;
import io.tweetstream.application.port.out.PipelineMetrics;
import io.tweetstream.application.port.out.TransactionalOutputFactory;
import io.tweetstream.application.port.out.TweetCodecFactory;
import io.tweetstream.application.port.out.TweetSinkFactory;
import io.tweetstream.application.service.FanOutTweetSink;
import io.tweetstream.application.service.PipelineCounters;
import io.tweetstream.application.service.ProcessBatchServiceFactory;
import java.util.List;
import java.util.Set;

/**
 * The application core's bindings: the in-port engines run (the pipeline factory, with the transformation chain as
 * its specification, delivering exactly once through the bound {@link TransactionalOutputFactory} if so
 * configured), the fan-out of the configured sinks, the driver's counters, and the (possibly empty) set of resources
 * the lifecycle closes after the engine.
 */
public final class ApplicationModule extends AbstractModule {

    private final String transformations;
    private final boolean exactlyOnce;

    /** @param exactlyOnce {@code delivery=exactly-once}: the pipeline delivers through the bound transactions */
    public ApplicationModule(String transformations, boolean exactlyOnce) {
        this.transformations = transformations;
        this.exactlyOnce = exactlyOnce;
    }

    @Override
    protected void configure() {
        bind(PipelineMetrics.class).to(PipelineCounters.class);
        bind(PipelineCounters.class).in(Singleton.class);
        Multibinder.newSetBinder(binder(), ProcessResource.class);
    }

    /** The configured sinks (each sink plug-in adds its own to the set); several become one fan-out. */
    @Provides
    @Singleton
    TweetSinkFactory sinks(Set<TweetSinkFactory> configured) {
        return FanOutTweetSink.over(List.copyOf(configured));
    }

    @Provides
    @Singleton
    ProcessBatchUseCaseFactory pipeline(TweetCodecFactory codec, TweetSinkFactory sinks,
                                        DeadLetterSinkFactory deadLetters, TransactionalOutputFactory transactions) {
        ProcessBatchServiceFactory pipeline = new ProcessBatchServiceFactory(codec, transformations, sinks, deadLetters);
        return exactlyOnce ? pipeline.withExactlyOnce(transactions) : pipeline;
    }
}
