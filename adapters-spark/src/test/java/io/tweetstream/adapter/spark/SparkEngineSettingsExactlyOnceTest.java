package io.tweetstream.adapter.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tweetstream.domain.parallelism.ProcessingParallelism;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the Spark engine cannot deliver exactly once with is refused when the settings are built, with the reason. */
class SparkEngineSettingsExactlyOnceTest {

    @Test
    void atLeastOnceByDefault() {
        assertThat(builder().build().exactlyOnce()).isFalse();
        assertThat(builder().exactlyOnce(true).build().exactlyOnce()).isTrue();
    }

    @Test
    void aShuffleIsRefused() {
        assertThatThrownBy(() -> builder().exactlyOnce(true).processing(ProcessingParallelism.fixed(4)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("processing.parallelism must be same-as-read")
                .hasMessageContaining("one transaction");
        assertThat(builder().processing(ProcessingParallelism.fixed(4)).build().processing())
                .as("at least once it is allowed").isEqualTo(ProcessingParallelism.fixed(4));
    }

    @Test
    void speculationIsRefused() {
        assertThatThrownBy(() -> builder().exactlyOnce(true).sparkConfig(Map.of("spark.speculation", "true")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spark.speculation must be false").hasMessageContaining("fences");
    }

    @Test
    void concurrentBatchesAreRefused() {
        assertThatThrownBy(() -> builder().exactlyOnce(true)
                .sparkConfig(Map.of("spark.streaming.concurrentJobs", "2")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spark.streaming.concurrentJobs must be 1");
    }

    @Test
    void readingUncommittedInputIsRefused() {
        assertThatThrownBy(() -> builder().exactlyOnce(true)
                .consumerConfig(Map.of("isolation.level", "read_uncommitted")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("isolation.level must be read_committed");
    }

    @Test
    void theEngineForcesSpeculationOff() {
        SparkEngineSettings settings = builder().exactlyOnce(true).master("local[1]").build();

        assertThat(new SparkStreamingEngine(settings, null, null, null).sparkConf().get("spark.speculation"))
                .isEqualTo("false");
    }

    private static SparkEngineSettings.Builder builder() {
        return SparkEngineSettings.builder("in", "broker:9092", "job");
    }
}
