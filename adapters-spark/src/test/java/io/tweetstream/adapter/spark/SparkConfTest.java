package io.tweetstream.adapter.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** What the engine asks of Spark: the batch cap, and a backpressure floor that lets a slow batch be forgotten. */
class SparkConfTest {

    @Test
    void theBatchCapIsAlsoBackpressuresFloorSoOneSlowBatchDoesNotLeaveTheJobCrawling() {
        SparkConf conf = conf(SparkEngineSettings.builder("tweets", "broker:9092", "group")
                .maxRatePerPartition(2_000).build());

        assertThat(conf.get("spark.streaming.kafka.maxRatePerPartition")).isEqualTo("2000");
        assertThat(conf.get(SparkStreamingEngine.PID_MIN_RATE)).isEqualTo("2000");
    }

    @Test
    void withoutACapSparksOwnFloorStaysAndTheUsersSettingWins() {
        SparkConf unlimited = conf(SparkEngineSettings.builder("tweets", "broker:9092", "group")
                .maxRatePerPartition(0).build());
        SparkConf written = conf(SparkEngineSettings.builder("tweets", "broker:9092", "group")
                .sparkConfig(Map.of(SparkStreamingEngine.PID_MIN_RATE, "500")).build());

        assertThat(unlimited.contains(SparkStreamingEngine.PID_MIN_RATE)).isFalse();
        assertThat(written.get(SparkStreamingEngine.PID_MIN_RATE)).isEqualTo("500");
    }

    private static SparkConf conf(SparkEngineSettings settings) {
        return new SparkStreamingEngine(settings, null, null, null).sparkConf();
    }
}
