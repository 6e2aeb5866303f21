package io.tweetstream.archfixture.application.port.out;

import io.tweetstream.archfixture.application.port.in.InPort;

/** Fixture violation: an out-port depends on an in-port. */
public interface OutPortUsingInPort {
    void callBack(InPort in);
}
