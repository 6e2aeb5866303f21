package io.tweetstream.adapter.inprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class InProcessEngineSettingsToStringTest {

    private static final String PASSWORD = "s3cr3t-Pa55w0rd";

    @Test
    void consumerPasswordsAreHiddenTheRestIsShown() {
        InProcessEngineSettings settings = new InProcessEngineSettings("broker:9092", "in", "g", "earliest",
                Map.of("sasl.jaas.config", "PlainLoginModule required password=\"" + PASSWORD + "\";",
                        "ssl.key.password", PASSWORD, "max.poll.records", "500"),
                OptionalInt.of(3), Duration.ofMillis(200), 30, false);

        assertThat(settings.toString()).doesNotContain(PASSWORD)
                .contains("sasl.jaas.config=[hidden]", "ssl.key.password=[hidden]", "max.poll.records=500");
    }
}
