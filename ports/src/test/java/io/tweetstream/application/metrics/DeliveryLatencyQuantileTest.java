package io.tweetstream.application.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The quantile estimate the demo's dashboard shows, read from the buckets as Prometheus' histogram_quantile does. */
class DeliveryLatencyQuantileTest {

    @Test
    void theQuantileIsInterpolatedWithinItsBucket() {
        DeliveryLatency.Recorder recorder = new DeliveryLatency.Recorder();
        for (int i = 0; i < 90; i++) {
            recorder.observe(3); // bucket (0, 5]
        }
        for (int i = 0; i < 10; i++) {
            recorder.observe(400); // bucket (250, 500]
        }
        DeliveryLatency latency = recorder.result();

        assertThat(latency.quantileMillis(0.5)).isCloseTo(50.0 / 90 * 5, within(1e-9));
        assertThat(latency.quantileMillis(0.99)).as("the 99th of 100 is the 9th of 10 in (250, 500]")
                .isCloseTo(250 + 250 * 9.0 / 10, within(1e-9));
    }

    @Test
    void aboveEveryBoundItIsTheHighestBoundAndWithoutObservationsNaN() {
        DeliveryLatency.Recorder recorder = new DeliveryLatency.Recorder();
        recorder.observe(60_000);

        assertThat(recorder.result().quantileMillis(0.99)).isEqualTo(30_000);
        assertThat(DeliveryLatency.NONE.quantileMillis(0.99)).isNaN();
    }

    @Test
    void aWindowIsTheDifferenceOfTwoTotals() {
        DeliveryLatency.Recorder first = new DeliveryLatency.Recorder();
        first.observe(2_000);
        DeliveryLatency before = first.result();
        DeliveryLatency.Recorder next = new DeliveryLatency.Recorder();
        next.observe(7);
        DeliveryLatency after = before.plus(next.result());

        assertThat(after.minus(before).quantileMillis(0.99)).as("only the 7 ms since").isBetween(5.0, 10.0);
    }
}
