package io.tweetstream.adapter.inprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tweetstream.adapter.kafka.KafkaSinkFactories;
import io.tweetstream.application.fake.FakeTweetCodec;
import io.tweetstream.application.fake.NumberedTweets;
import io.tweetstream.application.lifecycle.PipelineFailedException;
import io.tweetstream.application.service.PipelineCounters;
import io.tweetstream.application.service.ProcessBatchServiceFactory;
import io.tweetstream.testkit.EmbeddedKafka;
import io.tweetstream.testkit.PrometheusScrape;
import io.tweetstream.testkit.SharedKafka;
import io.tweetstream.testkit.TestTopics;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /health} turns not-ready when the output broker is gone: the output is on a cluster of its own, killed with
 * SIGKILL while tweets keep arriving; with a short {@code delivery.timeout.ms} the delivery fails within seconds,
 * and health answers 503 with the reason.
 */
class InProcessHealthIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static EmbeddedKafka outputKafka;

    @BeforeAll
    static void startOutputCluster() {
        outputKafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopOutputCluster() {
        if (outputKafka != null) {
            outputKafka.close();
        }
    }

    @Test
    void healthIsReadyWhileDeliveriesSucceedAndNotReadyOnceTheOutputBrokerIsGone() {
        TestTopics inputTopics = new TestTopics(SharedKafka.broker());
        String in = inputTopics.create("health-in", 2, Map.of());
        String dlq = inputTopics.createNamed(in + ".dlq", 1, Map.of());
        String out = new TestTopics(outputKafka).create("health-out", 2, Map.of());
        // fail a delivery in seconds, not 120 s: delivery.timeout.ms must cover linger.ms + request.timeout.ms
        Map<String, String> shortTimeouts = Map.of("delivery.timeout.ms", "6000", "request.timeout.ms", "3000",
                "max.block.ms", "6000");
        InProcessEngine engine = new InProcessEngine(
                InProcessEngineSettings.of(SharedKafka.bootstrapServers(), in, "health-it")
                        .withMetricsPort(PrometheusScrape.freePort()),
                new ProcessBatchServiceFactory(FakeTweetCodec::new, "identity",
                        KafkaSinkFactories.tweets(outputKafka.bootstrapServers(), out, shortTimeouts),
                        KafkaSinkFactories.deadLetters(SharedKafka.bootstrapServers(), dlq)),
                new PipelineCounters());
        engine.start();
        try {
            String health = engine.metricsUrl().orElseThrow().replace("/metrics", "/health");
            inputTopics.write(in, NumberedTweets.keyed(new FakeTweetCodec(), 0, 100, 4, 1_000));
            await().atMost(WAIT).until(() -> PrometheusScrape.sum(PrometheusScrape.samples(engine.metricsUrl().orElseThrow()),
                    "tweetstream_records_produced_total") == 100);
            assertThat(PrometheusScrape.get(health).statusCode()).isEqualTo(200);

            outputKafka.kill(1);
            inputTopics.write(in, NumberedTweets.keyed(new FakeTweetCodec(), 100, 100, 4, 1_000));

            long killed = System.nanoTime();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
                    .until(() -> PrometheusScrape.get(health).statusCode() == 503);
            HttpResponse<String> notReady = PrometheusScrape.get(health);
            System.out.printf("health turned 503 %.1f s after the output broker was killed: %s%n",
                    (System.nanoTime() - killed) / 1e9, notReady.body().strip());
            assertThat(notReady.body()).startsWith("not ready").contains("failed");
        } finally {
            assertThatThrownBy(() -> engine.awaitTermination(WAIT)).isInstanceOf(PipelineFailedException.class);
        }
    }
}
