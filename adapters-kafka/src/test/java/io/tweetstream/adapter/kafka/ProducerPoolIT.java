package io.tweetstream.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tweetstream.application.message.DeliveryFailedException;
import io.tweetstream.application.message.OutputRecord;
import io.tweetstream.application.message.RawRecord;
import io.tweetstream.application.message.SourcePosition;
import io.tweetstream.application.port.out.TaskResources;
import io.tweetstream.domain.Tweet;
import io.tweetstream.testkit.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;

class ProducerPoolIT {

    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();

    /** Real producers that count their own closing. */
    private ProducerPool countingPool(PoolSettings poolSettings) {
        return countingPool(Map.of(), poolSettings);
    }

    private ProducerPool countingPool(Map<String, String> producerConfig, PoolSettings poolSettings) {
        ProducerSettings settings = ProducerSettings.of(SharedKafka.bootstrapServers(), producerConfig, poolSettings);
        return new ProducerPool(settings, config -> {
            opened.incrementAndGet();
            return new KafkaProducer<byte[], byte[]>(config) {
                @Override
                public void close(Duration timeout) {
                    closed.incrementAndGet();
                    super.close(timeout);
                }
            };
        });
    }

    @Test
    void fourThreadsTimesTwoHundredBatchesReuseAtMostMaxTotalProducersAndShutdownClosesThemAll() throws Exception {
        String topic = SharedKafka.newTopic("pool-reuse", 3);
        ProducerPool pool = countingPool(new PoolSettings(2, null, Duration.ofMinutes(5)));
        int threads = 4;
        int batches = 200;
        int perBatch = 5;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        List<Future<Long>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            results.add(executor.submit(() -> {
                long delivered = 0;
                for (int b = 0; b < batches; b++) {
                    try (KafkaTweetSink sink = new KafkaTweetSink(pool, new TaskResources(), topic)) {
                        sink.open();
                        for (int i = 0; i < perBatch; i++) {
                            sink.write(record(thread + "-" + b + "-" + i, 0));
                        }
                        delivered += sink.flush();
                    }
                }
                return delivered;
            }));
        }
        long delivered = 0;
        for (Future<Long> result : results) {
            delivered += result.get();
        }
        executor.shutdown();

        assertThat(delivered).isEqualTo((long) threads * batches * perBatch);
        assertThat(opened.get()).as("producers created for 800 batches").isBetween(1, 2);
        assertThat(pool.created()).isEqualTo(opened.get());

        pool.close();
        assertThat(closed.get()).as("every producer closed on shutdown").isEqualTo(opened.get());
        assertThat(SharedKafka.readAll(topic, (int) delivered, Duration.ofSeconds(30))).hasSize((int) delivered);
    }

    @Test
    void aProducerThatFailedFatallyIsDestroyedAndReplaced() {
        String topic = SharedKafka.newTopic("pool-fatal", 1);
        ProducerPool pool = countingPool(new PoolSettings(1, null, Duration.ofMinutes(5)));

        // Break the pool's only producer the way a real fatal error does: it can no longer send.
        PooledProducer first = pool.borrow();
        Producer<byte[], byte[]> broken = first.producer();
        broken.close(Duration.ZERO);
        pool.release(first);

        KafkaTweetSink sink = new KafkaTweetSink(pool, new TaskResources(), topic);
        sink.open();
        sink.write(record("lost", 0));
        assertThatThrownBy(sink::flush)
                .isInstanceOf(DeliveryFailedException.class)
                .hasMessageContaining("IllegalStateException");
        sink.close();

        assertThat(pool.destroyed()).as("the broken producer is destroyed, not returned").isEqualTo(1);
        sink.open();
        sink.write(record("delivered", 1));
        assertThat(sink.flush()).isEqualTo(1);
        sink.close();
        assertThat(opened.get()).as("a new producer replaced it").isEqualTo(2);
        pool.close();
        assertThat(pool.destroyed()).isEqualTo(2);
        assertThat(closed.get()).as("the pool closed both; the test itself closed the broken one once more")
                .isEqualTo(3);
    }

    @Test
    void theSinksOfOneTaskShareOneProducerSoTasksCannotDeadlockThePool() {
        String out = SharedKafka.newTopic("pool-shared-out", 1);
        String dlq = SharedKafka.newTopic("pool-shared-dlq", 1);
        ProducerPool pool = countingPool(Map.of("request.timeout.ms", "1000", "delivery.timeout.ms", "1500"),
                new PoolSettings(1, Duration.ofSeconds(2), Duration.ofMinutes(5)));

        TaskResources task = new TaskResources();
        try (KafkaTweetSink sink = new KafkaTweetSink(pool, task, out);
             KafkaDeadLetterSink deadLetters = new KafkaDeadLetterSink(pool, task,
                     DeadLetterRecords.forProducer(dlq, ProducerSettings.of(SharedKafka.bootstrapServers(), Map.of(),
                             PoolSettings.DEFAULT).kafkaConfig()))) {
            sink.open();
            deadLetters.open(); // with max-total 1, a second producer would time out here
            assertThat(pool.active()).isEqualTo(1);
            sink.write(record("k", 0));
            assertThat(sink.flush()).isEqualTo(1);
        }
        assertThat(pool.active()).isZero();
        assertThat(pool.idle()).isEqualTo(1);
        assertThat(opened.get()).isEqualTo(1);
        pool.close();
    }

    @Test
    void idleProducersAreEvicted() {
        ProducerPool pool = countingPool(new PoolSettings(2, null, Duration.ofMillis(200)));
        pool.release(pool.borrow());
        assertThat(pool.idle()).isEqualTo(1);

        await("the evictor destroys the idle producer").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(pool.destroyed()).as("producers destroyed").isPositive());

        assertThat(pool.destroyed()).isEqualTo(1);
        assertThat(closed.get()).isEqualTo(1);
        assertThat(pool.idle()).isZero();
        pool.close();
    }

    @Test
    void theJvmHasOnePoolPerConfiguration() {
        ProducerSettings a = ProducerSettings.of(SharedKafka.bootstrapServers(), Map.of("linger.ms", "7"), PoolSettings.DEFAULT);
        ProducerSettings sameAsA = ProducerSettings.of(SharedKafka.bootstrapServers(), Map.of("linger.ms", "7"), PoolSettings.DEFAULT);
        ProducerSettings b = ProducerSettings.of(SharedKafka.bootstrapServers(), Map.of("linger.ms", "8"), PoolSettings.DEFAULT);

        assertThat(ProducerPool.forSettings(a)).isSameAs(ProducerPool.forSettings(sameAsA));
        assertThat(ProducerPool.forSettings(a)).isNotSameAs(ProducerPool.forSettings(b));
    }

    static OutputRecord record(String key, long offset) {
        Tweet tweet = new Tweet("user-" + key, "text " + key, 1);
        byte[] value = tweet.text().getBytes(StandardCharsets.UTF_8);
        return new OutputRecord(tweet, key.getBytes(StandardCharsets.UTF_8), value, List.of(),
                RawRecord.of(new SourcePosition("in", 0, offset), key.getBytes(StandardCharsets.UTF_8), value));
    }
}
