package io.tweetstream.archfixture.application.port.in;

/** Fixture: a clean in-port. */
public interface InPort {
    void run();
}
