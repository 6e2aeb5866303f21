package io.tweetstream.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * How the pool is sized and how long a task waits, with Kafka's mock producer (no broker): uncapped, a JVM holds as
 * many producers as tasks run there at once, whatever its core count; capped, a task waits longer than a delivery.
 */
class ProducerPoolSizingTest {

    private static ProducerPool pool(Map<String, String> producerConfig, PoolSettings pool) {
        return new ProducerPool(ProducerSettings.of("broker:9092", producerConfig, pool),
                config -> new MockProducer<>(true, new ByteArraySerializer(), new ByteArraySerializer()));
    }

    @Test
    void uncappedEveryConcurrentTaskGetsAProducerAtOnceAndReturnedOnesAreReused() {
        int tasks = Runtime.getRuntime().availableProcessors() * 3 + 1; // more than the JVM's cores
        ProducerPool pool = pool(Map.of(), PoolSettings.DEFAULT);

        List<PooledProducer> held = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            held.add(pool.borrow()); // would wait (and fail) if the pool were capped at the cores
        }
        assertThat(pool.active()).isEqualTo(tasks);
        held.forEach(pool::release);
        for (int batch = 0; batch < 100; batch++) {
            pool.release(pool.borrow());
        }

        assertThat(pool.created()).as("producers: the peak of tasks at once, not one per batch").isEqualTo(tasks);
        pool.close();
    }

    @Test
    void theBorrowWaitIsDerivedFromTheDeliveryTimeoutAndLongerThanIt() {
        ProducerSettings defaults = ProducerSettings.of("broker:9092", Map.of(), PoolSettings.DEFAULT);
        ProducerSettings shorter = ProducerSettings.of("broker:9092", Map.of("delivery.timeout.ms", "45000"),
                PoolSettings.DEFAULT);

        assertThat(defaults.borrowWait()).isEqualTo(Duration.ofMillis(120_000).plus(ProducerSettings.BORROW_WAIT_MARGIN));
        assertThat(shorter.borrowWait()).isEqualTo(Duration.ofMillis(45_000).plus(ProducerSettings.BORROW_WAIT_MARGIN));
    }

    @Test
    void aWaitNoLongerThanTheDeliveryTimeoutIsRefusedNamingBothSettings() {
        PoolSettings sixtySeconds = new PoolSettings(4, Duration.ofSeconds(60), Duration.ofMinutes(5));

        assertThatThrownBy(() -> ProducerSettings.of("broker:9092", Map.of(), sixtySeconds))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("producer.pool.max-wait (60000 ms)")
                .hasMessageContaining("delivery.timeout.ms (120000 ms)");
        assertThat(ProducerSettings.of("broker:9092", Map.of("delivery.timeout.ms", "50000"), sixtySeconds)
                .borrowWait()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void cappedATaskWaitsForTheDerivedTimeThenIsToldThePoolIsFull() {
        // delivery.timeout.ms must cover linger.ms + request.timeout.ms; 1.5 s gives a 61.5 s wait, too long for a test
        ProducerPool pool = pool(Map.of("request.timeout.ms", "500", "delivery.timeout.ms", "1000"),
                new PoolSettings(1, Duration.ofMillis(1500), Duration.ofMinutes(5)));
        PooledProducer held = pool.borrow();

        assertThatThrownBy(pool::borrow).hasMessageContaining("no Kafka producer free within 1500 ms")
                .hasMessageContaining("producer.pool.max-total");

        pool.release(held);
        pool.close();
    }
}
