package io.tweetstream.adapter.kafka;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import io.tweetstream.application.port.out.TweetSinkFactory;

/** Adds the output-topic sink to the pipeline's sinks ({@code sinks=kafka}, the default). */
public final class KafkaSinkModule extends AbstractModule {

    private final KafkaSettings settings;

    public KafkaSinkModule(KafkaSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), TweetSinkFactory.class).addBinding()
                .toInstance(new KafkaSinkFactories.Tweets(settings.producerSettings(), settings.outputTopic()));
    }
}
