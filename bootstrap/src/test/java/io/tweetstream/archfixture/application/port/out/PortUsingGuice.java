package io.tweetstream.archfixture.application.port.out;

import com.google.inject.Provider;

/** Fixture violation: a port names a framework type. */
public interface PortUsingGuice {
    Provider<String> provider();
}
