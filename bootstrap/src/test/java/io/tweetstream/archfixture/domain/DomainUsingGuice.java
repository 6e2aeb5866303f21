package io.tweetstream.archfixture.domain;

import com.google.inject.Provider;

/** Fixture violation: the domain imports a framework. */
public class DomainUsingGuice {
    public Object get(Provider<String> provider) {
        return provider.get();
    }
}
