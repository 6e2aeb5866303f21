package io.tweetstream.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The demo serves its metrics on 9404, or on a free port when that one is taken: it runs either way. */
class DemoMetricsPortTest {

    @Test
    void aFreePortIsKept() throws IOException {
        int free;
        try (ServerSocket probe = new ServerSocket(0)) {
            free = probe.getLocalPort();
        }
        assertThat(DemoCommand.freeOr(free)).isEqualTo(free);
    }

    @Test
    void aTakenPortIsReplacedByOneThatCanBeServed() throws IOException {
        try (ServerSocket holder = new ServerSocket(0)) {
            int chosen = DemoCommand.freeOr(holder.getLocalPort());

            assertThat(chosen).isNotEqualTo(holder.getLocalPort());
            try (ServerSocket served = new ServerSocket(chosen)) {
                assertThat(served.isBound()).isTrue();
            }
        }
    }

    @Test
    void theDemoDefaultsCarryAMetricsPort() {
        assertThat(Integer.parseInt(DemoCommand.defaults().get("metrics.port"))).isPositive();
    }
}
