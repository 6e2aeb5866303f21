package io.tweetstream.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SparkUnitsTest {

    @Test
    void durationsInSparksUnits() {
        assertThat(SparkUnits.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(SparkUnits.duration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(SparkUnits.duration(" 5min ")).isEqualTo(Duration.ofMinutes(5));
        assertThat(SparkUnits.duration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(SparkUnits.duration("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(SparkUnits.duration("250")).as("a bare number is milliseconds, as in Spark")
                .isEqualTo(Duration.ofMillis(250));
        assertThat(SparkUnits.duration("365d")).isEqualTo(SparkUnits.MAX_DURATION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "-1s", "5x", "", "5 s", "366d", "99999999999999999999s", "3000000000000000h"})
    void anythingElseIsRefusedWithWhatIsAcceptedAndTheSettingsName(String value) {
        assertThatThrownBy(() -> SparkUnits.duration(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("must be a positive duration in Spark's units (us, ms, s, m or min, h, d; e.g. 500ms, "
                        + "30s, 5min), at most 365d, got '" + value + "'");
        assertThatThrownBy(() -> SparkUnits.durationValidator().ensureValid("spark.batch-interval", value))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid value " + value + " for configuration spark.batch-interval: must be");
    }

    @Test
    void sizesInSparksUnits() {
        assertThat(SparkUnits.bytes("128m")).isEqualTo(128L << 20);
        assertThat(SparkUnits.bytes("1g")).isEqualTo(1L << 30);
        assertThat(SparkUnits.bytes("512")).isEqualTo(512);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "5x", "99999999999p", ""})
    void badSizesAreRefused(String value) {
        assertThatThrownBy(() -> SparkUnits.bytes(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a positive size in Spark's units");
        assertThatThrownBy(() -> SparkUnits.sizeValidator().ensureValid("file.max-bytes", value))
                .isInstanceOf(ConfigException.class).hasMessageContaining("file.max-bytes");
    }
}
