package io.tweetstream.adapter.kafka;

import io.tweetstream.application.port.out.DeadLetterSink;
import io.tweetstream.application.port.out.DeadLetterSinkFactory;
import io.tweetstream.application.port.out.TweetSink;
import io.tweetstream.application.port.out.TweetSinkFactory;

/**
 * Serializable factories for the Kafka sinks: they carry settings to the workers, where the sinks take their
 * producers from the JVM's pool for those settings.
 */
final class KafkaSinkFactories {

    private KafkaSinkFactories() {
    }

    record Tweets(ProducerSettings producer, String topic) implements TweetSinkFactory {
        @Override
        public TweetSink create() {
            return new KafkaTweetSink(ProducerPool.forSettings(producer), topic);
        }
    }

    record DeadLetters(ProducerSettings producer, String topic) implements DeadLetterSinkFactory {
        @Override
        public DeadLetterSink create() {
            return new KafkaDeadLetterSink(ProducerPool.forSettings(producer), topic);
        }
    }
}
