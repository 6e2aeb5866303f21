package io.tweetstream.archfixture.adapter.kafka;

/** Fixture: a clean adapter. */
public class KafkaAdapter {
    public String name() {
        return "kafka";
    }
}
