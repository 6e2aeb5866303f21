package io.tweetstream.archfixture.domain;

import io.tweetstream.archfixture.adapter.avro.AvroAdapter;

/** Fixture violation: the domain depends on an adapter (onion). */
public class DomainCallingAnAdapter {
    public String use(AvroAdapter adapter) {
        return adapter.name();
    }
}
