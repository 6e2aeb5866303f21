package io.tweetstream.adapter.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tweetstream.adapter.kafka.KafkaSinkFactories;
import io.tweetstream.application.fake.FakeTweetCodec;
import io.tweetstream.application.fake.NumberedTweets;
import io.tweetstream.application.service.PipelineCounters;
import io.tweetstream.application.service.ProcessBatchServiceFactory;
import io.tweetstream.testkit.EmbeddedKafka;
import io.tweetstream.testkit.PrometheusScrape;
import io.tweetstream.testkit.TestTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's metrics read through Spark's own metrics system while the Spark engine runs (local mode, a real
 * broker): the engine's context loads the plug-in and serves Spark's PrometheusServlet on the driver UI; the counts
 * there are what was sent, and the names are the ones README.md documents.
 */
class SparkMetricsIT {

    private static final String PLUGIN = "metrics_tweetstream_driver_plugin_io_tweetstream_adapter_spark_"
            + "TweetstreamMetricsPlugin_";
    private static final int TWEETS = 500;
    private static final int EMPTY = 6;
    private static final int NOT_UTF8 = 4;
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void spark_sPrometheusServletShowsWhatWasSent() {
        TestTopics topics = new TestTopics(kafka);
        String in = topics.create("spark-metrics-in", 3, Map.of());
        String out = topics.create("spark-metrics-out", 3, Map.of());
        String dlq = topics.createNamed(in + ".dlq", 1, Map.of());
        List<byte[][]> input = new ArrayList<>(NumberedTweets.keyed(new FakeTweetCodec(), 0, TWEETS, 5, 1_000));
        IntStream.range(0, EMPTY).forEach(i -> input.add(new byte[][] {("e" + i).getBytes(StandardCharsets.UTF_8),
                new byte[0]}));
        IntStream.range(0, NOT_UTF8).forEach(i -> input.add(new byte[][] {null, {(byte) 0xC3, (byte) 0x28}}));
        SparkEngineSettings settings = SparkEngineSettings.builder(in, kafka.bootstrapServers(), "spark-metrics-it")
                .master("local[2]")
                .appName("tweetstream-metrics-it")
                .batchInterval(Duration.ofMillis(500))
                .sparkConfig(Map.of("spark.ui.enabled", "true", "spark.ui.port", Integer.toString(PrometheusScrape.freePort()),
                        "spark.driver.host", "127.0.0.1", "spark.driver.bindAddress", "127.0.0.1"))
                .build();
        PipelineCounters counters = new PipelineCounters();
        SparkStreamingEngine engine = new SparkStreamingEngine(settings, new ProcessBatchServiceFactory(
                TestCodec.FACTORY, "identity", KafkaSinkFactories.tweets(kafka.bootstrapServers(), out),
                KafkaSinkFactories.deadLetters(kafka.bootstrapServers(), dlq)), counters, null);
        engine.start();
        try {
            String url = engine.metricsUrl().orElseThrow();
            System.out.println("Spark metrics at " + url);
            topics.write(in, input);

            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() ->
                    PrometheusScrape.sum(PrometheusScrape.samples(url), PLUGIN + "records_consumed_Count") == input.size());
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
                Map<String, Double> s = PrometheusScrape.samples(url);
                return s.containsKey(PLUGIN + "consumer_lag_records_p2_Value{type=\"gauges\"}")
                        && s.get(PLUGIN + "consumer_lag_records_total_Value{type=\"gauges\"}") == 0;
            });
            Map<String, Double> samples = PrometheusScrape.samples(url);
            samples.entrySet().stream().filter(e -> e.getKey().startsWith(PLUGIN)).sorted(Map.Entry.comparingByKey())
                    .forEach(e -> System.out.println("scraped " + e.getKey() + " " + e.getValue()));

            assertThat(samples.get(PLUGIN + "records_produced_Count{type=\"counters\"}")).isEqualTo(TWEETS);
            assertThat(samples.get(PLUGIN + "records_dead_lettered_Count{type=\"counters\"}")).isEqualTo(EMPTY + NOT_UTF8);
            assertThat(samples.get(PLUGIN + "records_dead_lettered_reason_empty_Count{type=\"counters\"}"))
                    .isEqualTo(EMPTY);
            assertThat(samples.get(PLUGIN + "records_dead_lettered_reason_malformed_Count{type=\"counters\"}"))
                    .isEqualTo(NOT_UTF8);
            assertThat(samples.get(PLUGIN + "delivery_latency_seconds_count_Count{type=\"counters\"}"))
                    .as("one observation per output").isEqualTo(TWEETS);
            assertThat(samples.get(PLUGIN + "delivery_latency_seconds_le_inf_Count{type=\"counters\"}"))
                    .isEqualTo(TWEETS);
            assertThat(samples.get(PLUGIN + "delivery_latency_seconds_le_0_005_Count{type=\"counters\"}"))
                    .isLessThanOrEqualTo(samples.get(PLUGIN + "delivery_latency_seconds_le_30_0_Count{type=\"counters\"}"));
            assertThat(samples.get(PLUGIN + "batch_duration_ms_Count{type=\"histograms\"}")).isPositive();
            assertThat(samples.get(PLUGIN + "producer_pool_borrows_Value{type=\"gauges\"}"))
                    .as("the executor plug-in's pool gauges (local mode: under the driver's prefix)").isPositive();
            assertThat(counters.produced()).as("the same counts reach the driver's metrics port").isEqualTo(TWEETS);
            assertThat(topics.readAll(out, TWEETS, WAIT)).hasSize(TWEETS);
        } finally {
            engine.stop(true);
        }
    }
}
