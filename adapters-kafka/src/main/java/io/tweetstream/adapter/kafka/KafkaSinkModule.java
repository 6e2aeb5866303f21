package io.tweetstream.adapter.kafka;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.ProvidesIntoSet;
import io.tweetstream.application.port.out.TweetSinkFactory;

/**
 * Adds the output-topic sink to the pipeline's sinks ({@code sinks=kafka}, the default). Its settings are the
 * Kafka adapter's own ({@code kafka.*}, {@code output.topic}), bound by {@link KafkaAdapterModule}.
 */
final class KafkaSinkModule extends AbstractModule {

    @ProvidesIntoSet
    TweetSinkFactory outputTopic(KafkaSettings settings) {
        return new KafkaSinkFactories.Tweets(settings.producerSettings(), settings.outputTopic());
    }
}
