package io.tweetstream.adapter.kafka;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;
import io.tweetstream.application.lifecycle.ProcessResource;
import io.tweetstream.application.port.out.DeadLetterSinkFactory;
import io.tweetstream.application.port.out.TopicVerifier;
import io.tweetstream.application.port.out.TransactionalOutputFactory;
import java.util.Set;

/**
 * The Kafka adapter's bindings: the dead-letter sink (a serializable factory, built where the work runs), the
 * start-up topic checks, and this JVM's producer pools as a resource the lifecycle closes after the engine. The
 * output-topic sink is a plug-in ({@link KafkaSinkPlugin}). Declares bindings only.
 */
public final class KafkaAdapterModule extends AbstractModule {

    private final KafkaSettings settings;

    public KafkaAdapterModule(KafkaSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), String.class, SinkTopics.class); // none when no Kafka sink is chosen
    }

    @Provides
    @Singleton
    KafkaSettings settings() {
        return settings;
    }

    @Provides
    @Singleton
    DeadLetterSinkFactory deadLetterSinks(KafkaSettings s) {
        return new KafkaSinkFactories.DeadLetters(s.producerSettings(), s.deadLetterTopic());
    }

    /** Used only with {@code delivery=exactly-once}; built once per job, so its producers are this job's. */
    @Provides
    @Singleton
    TransactionalOutputFactory transactions(KafkaSettings s) {
        return new KafkaTransactionalOutputFactory(s.producerSettings());
    }

    @Provides
    @Singleton
    TopicVerifier topicVerifier(KafkaSettings s, @SinkTopics Set<String> sinkTopics) {
        return new KafkaTopicVerifier(s, sinkTopics);
    }

    @ProvidesIntoSet
    ProcessResource producerPools() {
        return new ProcessResource() {
            @Override
            public Stage stage() {
                return Stage.CLIENT_POOLS;
            }

            @Override
            public String name() {
                return "Kafka producer pools";
            }

            @Override
            public void close() {
                ProducerPool.closeAll();
                TransactionalProducers.jvm().closeAll();
            }
        };
    }
}
