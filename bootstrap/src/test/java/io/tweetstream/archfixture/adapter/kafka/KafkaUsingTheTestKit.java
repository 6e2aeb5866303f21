package io.tweetstream.archfixture.adapter.kafka;

import io.tweetstream.archfixture.testkit.Broker;

/** Fixture violation: production code starts the test kit's broker. */
public class KafkaUsingTheTestKit {
    public String servers(Broker broker) {
        return broker.bootstrapServers();
    }
}
