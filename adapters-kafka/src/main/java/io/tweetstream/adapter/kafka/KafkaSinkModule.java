package io.tweetstream.adapter.kafka;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;
import io.tweetstream.application.port.out.TweetSinkFactory;

/**
 * Adds the output-topic sink to the pipeline's sinks ({@code sinks=kafka}, the default) and its topic to the
 * start-up checks. The producer settings are the Kafka adapter's ({@code kafka.*}), bound by
 * {@link KafkaAdapterModule}; the topic and, optionally, its own cluster are this sink's settings.
 */
final class KafkaSinkModule extends AbstractModule {

    private final SinkTopic output;

    KafkaSinkModule(SinkTopic output) {
        this.output = output;
    }

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), SinkTopic.class, SinkTopics.class).addBinding().toInstance(output);
    }

    /**
     * On its own cluster the sink has its own producer pool (pools are per settings), so a task holds two producers:
     * the output's, then the dead letters' (every task opens its sinks in that order, so tasks cannot wait for each
     * other's).
     */
    @ProvidesIntoSet
    TweetSinkFactory outputTopic(KafkaSettings settings) {
        String cluster = output.bootstrapServers() == null ? settings.bootstrapServers() : output.bootstrapServers();
        return new KafkaSinkFactories.Tweets(settings.producerSettings(cluster), output.topic());
    }
}
