package io.tweetstream.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Test
    void theFourUnits() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse(" 5M ")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "-1s", "5", "5d", "", "99999999999999999999s", "3000000000000000h"})
    void anythingElseIsRefusedWithWhatIsAccepted(String value) {
        assertThatThrownBy(() -> Durations.parse(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("500ms, 30s, 5m or 1h");
        assertThatThrownBy(() -> Durations.validator().ensureValid("file.max-age", value))
                .isInstanceOf(ConfigException.class).hasMessageContaining("file.max-age");
    }
}
