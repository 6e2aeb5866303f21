package io.tweetstream.bootstrap.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The demo's dashboard line: refreshed in place on a terminal, plain lines anywhere else. */
class DemoProgressTest {

    @Test
    void theLineShowsRateLagDeadLettersAndP99() {
        String line = DemoProgress.line(1_500, 10_000, 1_480, 20, 12_345.6, 87.4, "2,040");

        assertThat(line).isEqualTo("consumed 1,500/10,000  produced 1,480  dead-lettered 20  12,346 records/s  "
                + "p99 87 ms  lag 2,040");
        assertThat(DemoProgress.line(0, 10, 0, 0, 0, Double.NaN, "0")).contains("p99 -");
    }

    @Test
    void onATerminalEachLineReplacesTheLastOtherwiseEachIsALineOfItsOwn() {
        assertThat(shown(true, "one", "two")).isEqualTo("\rone\033[K\rtwo\033[K");
        assertThat(shown(false, "one", "two")).isEqualTo("one" + System.lineSeparator() + "two"
                + System.lineSeparator());
    }

    private static String shown(boolean inPlace, String... lines) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        for (String line : lines) {
            DemoProgress.show(out, inPlace, line);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
