package io.tweetstream.archfixture.testkit;

/** Fixture: the test kit's embedded broker. */
public class Broker {
    public String bootstrapServers() {
        return "127.0.0.1:9092";
    }
}
