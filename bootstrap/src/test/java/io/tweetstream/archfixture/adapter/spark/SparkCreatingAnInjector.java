package io.tweetstream.archfixture.adapter.spark;

import com.google.inject.Guice;
import com.google.inject.Injector;

/** Fixture violation: an adapter builds its own object graph. */
public class SparkCreatingAnInjector {
    public Injector injector() {
        return Guice.createInjector();
    }
}
