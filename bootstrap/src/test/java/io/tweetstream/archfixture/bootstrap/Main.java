package io.tweetstream.archfixture.bootstrap;

import com.google.inject.Guice;
import com.google.inject.Injector;

/** Fixture: the composition root may create the injector. */
public class Main {
    public Injector injector() {
        return Guice.createInjector();
    }
}
