package io.tweetstream.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tweetstream.application.metrics.PoolStatistics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** What the pool tells the metrics: producers in use and idle, borrows, and how long borrowers waited. */
class ProducerPoolStatisticsTest {

    @Test
    void borrowedIdleBorrowsAndWaitFollowThePool() throws InterruptedException {
        ProducerPool pool = new ProducerPool(ProducerSettings.of("broker:9092",
                Map.of("request.timeout.ms", "500", "delivery.timeout.ms", "1000"),
                new PoolSettings(1, Duration.ofSeconds(5), Duration.ofMinutes(5))),
                config -> new MockProducer<>(true, new ByteArraySerializer(), new ByteArraySerializer()));
        PooledProducer first = pool.borrow();
        assertThat(pool.statistics()).isEqualTo(new PoolStatistics.Snapshot(1, 0, 1, pool.statistics().waitNanos()));

        // A second borrower waits for the only producer, given back 300 ms later.
        Thread giveBack = new Thread(() -> {
            sleep(300);
            pool.release(first);
        });
        giveBack.start();
        PooledProducer second = pool.borrow();
        giveBack.join();

        PoolStatistics.Snapshot waited = pool.statistics();
        assertThat(waited.borrowed()).isEqualTo(1);
        assertThat(waited.borrows()).isEqualTo(2);
        assertThat(Duration.ofNanos(waited.waitNanos())).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        pool.release(second);
        assertThat(pool.statistics().borrowed()).isZero();
        assertThat(pool.statistics().idle()).isEqualTo(1);
        pool.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
