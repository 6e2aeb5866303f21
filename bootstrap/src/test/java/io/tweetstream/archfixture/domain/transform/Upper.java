package io.tweetstream.archfixture.domain.transform;

import io.tweetstream.archfixture.domain.DomainModel;

/** Fixture: a clean domain service. */
public class Upper {
    public DomainModel apply(DomainModel model) {
        return new DomainModel(model.value().toUpperCase());
    }
}
