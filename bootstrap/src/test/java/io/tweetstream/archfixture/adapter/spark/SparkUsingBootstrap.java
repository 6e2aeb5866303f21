package io.tweetstream.archfixture.adapter.spark;

import io.tweetstream.archfixture.bootstrap.Main;

/** Fixture violation: an adapter reaches into the composition root. */
public class SparkUsingBootstrap {
    public Object injector(Main main) {
        return main.injector();
    }
}
