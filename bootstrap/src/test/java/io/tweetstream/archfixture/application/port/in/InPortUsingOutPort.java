package io.tweetstream.archfixture.application.port.in;

import io.tweetstream.archfixture.application.port.out.OutPort;

/** Fixture violation: an in-port depends on an out-port. */
public interface InPortUsingOutPort {
    void run(OutPort out);
}
