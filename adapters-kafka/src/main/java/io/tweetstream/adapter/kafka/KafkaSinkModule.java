package io.tweetstream.adapter.kafka;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;
import io.tweetstream.application.port.out.TweetSinkFactory;

/**
 * Adds the output-topic sink to the pipeline's sinks ({@code sinks=kafka}, the default) and its topic to the
 * start-up checks. The cluster and the producers are the Kafka adapter's ({@code kafka.*}), bound by
 * {@link KafkaAdapterModule}; the topic is this sink's own setting.
 */
final class KafkaSinkModule extends AbstractModule {

    private final String outputTopic;

    KafkaSinkModule(String outputTopic) {
        this.outputTopic = outputTopic;
    }

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), String.class, SinkTopics.class).addBinding().toInstance(outputTopic);
    }

    @ProvidesIntoSet
    TweetSinkFactory outputTopic(KafkaSettings settings) {
        return new KafkaSinkFactories.Tweets(settings.producerSettings(), outputTopic);
    }
}
