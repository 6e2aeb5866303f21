package io.tweetstream.adapter.inprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tweetstream.adapter.kafka.KafkaSinkFactories;
import io.tweetstream.application.fake.FakeTweetCodec;
import io.tweetstream.application.fake.NumberedTweets;
import io.tweetstream.application.service.PipelineCounters;
import io.tweetstream.application.service.ProcessBatchServiceFactory;
import io.tweetstream.testkit.PrometheusScrape;
import io.tweetstream.testkit.SharedKafka;
import io.tweetstream.testkit.TestTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} scraped while the in-process engine runs on a real broker: the counts are what was sent (tweets
 * consumed and produced, undecodable records dead-lettered by reason), the latency histogram has one observation per
 * output, the lag drops to 0 once everything is committed, and {@code /health} answers 200.
 */
class InProcessMetricsEndpointIT {

    private static final int TWEETS = 600;
    private static final int EMPTY = 7;
    private static final int NOT_UTF8 = 3;
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void theScrapedCountsAreWhatWasSent() {
        TestTopics topics = new TestTopics(SharedKafka.broker());
        String in = topics.create("metrics-in", 3, Map.of());
        String out = topics.create("metrics-out", 3, Map.of());
        String dlq = topics.createNamed(in + ".dlq", 1, Map.of());
        List<byte[][]> input = new ArrayList<>(NumberedTweets.keyed(new FakeTweetCodec(), 0, TWEETS, 5, 1_000));
        IntStream.range(0, EMPTY).forEach(i -> input.add(new byte[][] {("e" + i).getBytes(StandardCharsets.UTF_8),
                new byte[0]}));
        IntStream.range(0, NOT_UTF8).forEach(i -> input.add(new byte[][] {null, {(byte) 0xC3, (byte) 0x28}}));
        String bootstrap = SharedKafka.bootstrapServers();
        InProcessEngine engine = new InProcessEngine(
                InProcessEngineSettings.of(bootstrap, in, "metrics-it").withMetricsPort(PrometheusScrape.freePort()),
                new ProcessBatchServiceFactory(FakeTweetCodec::new, "identity", KafkaSinkFactories.tweets(bootstrap, out),
                        KafkaSinkFactories.deadLetters(bootstrap, dlq)),
                new PipelineCounters());
        engine.start();
        try {
            String url = engine.metricsUrl().orElseThrow();
            topics.write(in, input);

            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() ->
                    PrometheusScrape.sum(PrometheusScrape.samples(url), "tweetstream_records_consumed_total") == input.size());
            // The lag gauges are refreshed after each commit and empty poll: they settle at 0 once all is committed.
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
                Map<String, Double> s = PrometheusScrape.samples(url);
                return s.keySet().stream().filter(k -> k.startsWith("tweetstream_consumer_lag_records{")).count() == 3
                        && PrometheusScrape.sum(s, "tweetstream_consumer_lag_records") == 0;
            });
            Map<String, Double> samples = PrometheusScrape.samples(url);
            samples.entrySet().stream().filter(e -> e.getKey().startsWith("tweetstream_")).sorted(Map.Entry.comparingByKey())
                    .forEach(e -> System.out.println("scraped " + e.getKey() + " " + e.getValue()));

            assertThat(samples.get("tweetstream_records_produced_total")).isEqualTo(TWEETS);
            assertThat(samples.get("tweetstream_records_dead_lettered_total{reason=\"empty\"}")).isEqualTo(EMPTY);
            assertThat(samples.get("tweetstream_records_dead_lettered_total{reason=\"malformed\"}")).isEqualTo(NOT_UTF8);
            assertThat(samples.get("tweetstream_delivery_latency_seconds_count"))
                    .as("one observation per output").isEqualTo(TWEETS);
            assertThat(samples.get("tweetstream_delivery_latency_seconds_bucket{le=\"+Inf\"}")).isEqualTo(TWEETS);
            assertThat(samples.get("tweetstream_delivery_latency_seconds_sum")).isPositive();
            assertThat(samples.get("tweetstream_batch_duration_seconds_count")).as("polls delivered").isPositive();
            assertThat(samples.get("tweetstream_producer_pool_borrows_total")).isPositive();
            assertThat(samples).containsKeys("tweetstream_producer_pool_borrowed", "tweetstream_producer_pool_idle",
                    "tweetstream_producer_pool_wait_seconds_total", "tweetstream_transactions_committed_total");
            assertThat(topics.readAll(out, TWEETS, WAIT)).as("what the metrics counted is in the output").hasSize(TWEETS);

            var health = PrometheusScrape.get(url.replace("/metrics", "/health"));
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        } finally {
            engine.stop(true);
        }
        assertThat(engine.metricsUrl()).as("the endpoint is closed with the engine").isEmpty();
    }
}
