package io.tweetstream.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tweetstream.bootstrap.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Bad configuration stops before anything starts, with exit code 2 and a message naming the setting. */
class MainExitCodeTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureStderr() {
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(originalErr);
    }

    @Test
    void anInvalidSettingExitsWithTwoAndNamesIt() {
        int code = new CommandLine(new Main()).execute("run",
                "-D", "kafka.bootstrap.servers=127.0.0.1:1", "-D", "input.topic=in", "-D", "output.topic=out",
                "-D", "processing.parallelism=-3");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(
                "invalid configuration, nothing was started",
                "configuration processing.parallelism: must be a positive integer or 'same-as-read', got '-3'");
    }

    @Test
    void anOverflowingDurationAndAMistypedClientKeyExitWithTwoNamingThem() {
        int code = new CommandLine(new Main()).execute("run",
                "-D", "kafka.bootstrap.servers=127.0.0.1:1", "-D", "input.topic=in", "-D", "output.topic=out",
                "-D", "spark.batch-interval=99999999999999999999s", "-D", "kafka.producer.lingr.ms=5");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(
                "Invalid value 99999999999999999999s for configuration spark.batch-interval",
                "did you mean 'kafka.producer.linger.ms'?");
    }

    @Test
    void exactlyOnceWithAnotherSinkThanKafkaExitsWithTwoSayingWhy() {
        int code = new CommandLine(new Main()).execute("run",
                "-D", "kafka.bootstrap.servers=127.0.0.1:1", "-D", "input.topic=in", "-D", "sinks=stdout",
                "-D", "engine=in-process", "-D", "delivery=exactly-once");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("invalid configuration, nothing was started",
                "delivery=exactly-once needs sinks=kafka alone, got sinks=stdout");
    }

    @Test
    void aMissingRequiredSettingExitsWithTwo() {
        int code = new CommandLine(new Main()).execute("run", "-D", "kafka.bootstrap.servers=127.0.0.1:1");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("input.topic is required", "output.topic is required with sinks=kafka");
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithTwo() {
        assertThat(new CommandLine(new Main()).execute("run", "--no-such-option")).isEqualTo(2);
    }
}
