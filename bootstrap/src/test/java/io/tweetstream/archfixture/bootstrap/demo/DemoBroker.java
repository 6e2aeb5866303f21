package io.tweetstream.archfixture.bootstrap.demo;

import io.tweetstream.archfixture.testkit.Broker;

/** Fixture: the local demo is the one production class that may start the test kit's broker. */
public class DemoBroker {
    public String servers(Broker broker) {
        return broker.bootstrapServers();
    }
}
