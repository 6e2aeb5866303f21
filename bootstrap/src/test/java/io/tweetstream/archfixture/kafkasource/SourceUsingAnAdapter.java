package io.tweetstream.archfixture.kafkasource;

import io.tweetstream.archfixture.adapter.kafka.KafkaAdapter;

/** Fixture violation: a library the adapters share depends on one of them. */
public class SourceUsingAnAdapter {
    public String name(KafkaAdapter adapter) {
        return adapter.name();
    }
}
