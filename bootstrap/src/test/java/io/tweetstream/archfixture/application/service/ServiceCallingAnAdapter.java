package io.tweetstream.archfixture.application.service;

import io.tweetstream.archfixture.adapter.kafka.KafkaAdapter;
import io.tweetstream.archfixture.domain.DomainModel;

/** Fixture violation: an application service depends on an adapter (onion). */
public class ServiceCallingAnAdapter {
    public DomainModel use(KafkaAdapter adapter) {
        return new DomainModel(adapter.name());
    }
}
