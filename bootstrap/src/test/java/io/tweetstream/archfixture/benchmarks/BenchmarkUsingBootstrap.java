package io.tweetstream.archfixture.benchmarks;

import io.tweetstream.archfixture.bootstrap.Main;

/** Fixture violation: a benchmark reaches into the composition root (benchmarks are scanned too). */
public class BenchmarkUsingBootstrap {
    public Object injector(Main main) {
        return main.injector();
    }
}
