package io.tweetstream.archfixture.application.port.out;

/** Fixture: a clean out-port. */
public interface OutPort {
    void send(String value);
}
