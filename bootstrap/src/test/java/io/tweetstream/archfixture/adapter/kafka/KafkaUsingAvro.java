package io.tweetstream.archfixture.adapter.kafka;

import io.tweetstream.archfixture.adapter.avro.AvroAdapter;

/** Fixture violation: one adapter depends on another. */
public class KafkaUsingAvro {
    public String name(AvroAdapter avro) {
        return avro.name();
    }
}
