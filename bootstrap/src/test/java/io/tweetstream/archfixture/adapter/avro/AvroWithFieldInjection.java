package io.tweetstream.archfixture.adapter.avro;

import com.google.inject.Inject;

/** Fixture violation: field injection instead of constructor injection. */
public class AvroWithFieldInjection {
    @Inject
    private AvroAdapter adapter;

    public String name() {
        return adapter.name();
    }
}
