package io.tweetstream.adapter.kafka;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.tweetstream.application.port.out.DeadLetterSinkFactory;
import io.tweetstream.application.port.out.TopicVerifier;
import io.tweetstream.application.port.out.TweetSinkFactory;

/**
 * The Kafka adapter's bindings: the output-topic sink, the dead-letter sink (as serializable factories, built
 * where the work runs) and the start-up topic checks. Declares bindings only; nothing connects here.
 */
public final class KafkaAdapterModule extends AbstractModule {

    private final KafkaSettings settings;

    public KafkaAdapterModule(KafkaSettings settings) {
        this.settings = settings;
    }

    @Provides
    @Singleton
    KafkaSettings settings() {
        return settings;
    }

    @Provides
    @Singleton
    TweetSinkFactory tweetSinks(KafkaSettings s) {
        return new KafkaSinkFactories.Tweets(s.producerSettings(), s.outputTopic());
    }

    @Provides
    @Singleton
    DeadLetterSinkFactory deadLetterSinks(KafkaSettings s) {
        return new KafkaSinkFactories.DeadLetters(s.producerSettings(), s.deadLetterTopic());
    }

    @Provides
    @Singleton
    TopicVerifier topicVerifier(KafkaSettings s) {
        return new KafkaTopicVerifier(s);
    }
}
