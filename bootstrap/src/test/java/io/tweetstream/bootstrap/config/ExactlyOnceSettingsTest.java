package io.tweetstream.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code delivery=exactly-once}: what it requires of the other settings, refused with the reason, and what it sets. */
class ExactlyOnceSettingsTest {

    private static final Map<String, String> MINIMAL = Map.of(
            "kafka.bootstrap.servers", "broker:9092",
            "input.topic", "tweets",
            "output.topic", "tweets-out");

    @Test
    void atLeastOnceStaysTheDefaultAndAddsNoTransactionSetting() {
        TweetstreamConfig config = TweetstreamConfig.load(null, MINIMAL, null);

        assertThat(config.exactlyOnce()).isFalse();
        assertThat(config.inProcess().exactlyOnce()).isFalse();
        assertThat(config.kafka().producerConfig()).doesNotContainKey("transaction.timeout.ms");
    }

    @Test
    void exactlyOnceReachesTheEngineAndGetsATransactionTimeoutLongerThanABatchCanTake() {
        TweetstreamConfig config = load(Map.of("delivery", "exactly-once", "engine", "in-process"));

        assertThat(config.exactlyOnce()).isTrue();
        assertThat(config.inProcess().exactlyOnce()).isTrue();
        assertThat(config.kafka().producerConfig()).as("delivery.timeout.ms (120 s) + 60 s, Kafka's 60 s being "
                + "shorter than one send may take").containsEntry("transaction.timeout.ms", "180000");
    }

    @Test
    void exactlyOnceReachesTheSparkEngineOnlyWhenSparkRunsThePipeline() {
        assertThat(load(Map.of("delivery", "exactly-once", "engine", "spark")).spark().exactlyOnce()).isTrue();
        assertThat(load(Map.of("delivery", "exactly-once", "engine", "in-process")).spark().exactlyOnce()).isFalse();
        assertThat(load(Map.of("engine", "spark")).spark().exactlyOnce()).isFalse();
    }

    @Test
    void sparkBackpressureIsOffUnderExactlyOnceUnlessWritten() {
        assertThat(load(Map.of("engine", "spark")).spark().backpressure()).as("at least once").isTrue();
        assertThat(load(Map.of("delivery", "exactly-once", "engine", "spark")).spark().backpressure())
                .as("exactly once: the per-partition cap sizes each batch and its transactions").isFalse();
        assertThat(load(Map.of("delivery", "exactly-once", "engine", "spark", "spark.backpressure.enabled", "true"))
                .spark().backpressure()).as("written").isTrue();
        assertThat(load(Map.of("engine", "spark", "spark.backpressure.enabled", "false")).spark().backpressure())
                .as("written").isFalse();
    }

    @Test
    void aWrittenTransactionTimeoutIsKeptWhenLongEnough() {
        TweetstreamConfig config = load(Map.of("delivery", "exactly-once", "engine", "in-process",
                "kafka.producer.transaction.timeout.ms", "300000"));

        assertThat(config.kafka().producerSetting("transaction.timeout.ms")).isEqualTo("300000");
    }

    @Test
    void otherSinksThanKafkaAloneAreRefusedWithTheReason() {
        assertProblems(Map.of("delivery", "exactly-once", "engine", "in-process", "sinks", "stdout"),
                "delivery=exactly-once needs sinks=kafka alone, got sinks=stdout: only the Kafka output topic is "
                        + "written in the Kafka transaction that also commits the input offsets; any other sink would "
                        + "be written outside it, at least once");
        assertThatThrownBy(() -> load(Map.of("delivery", "exactly-once", "engine", "in-process", "sinks",
                "kafka,stdout")))
                .hasMessageContaining("needs sinks=kafka alone, got sinks=kafka,stdout");
    }

    @Test
    void anOutputOnAnotherClusterIsRefusedWithTheReason() {
        assertProblems(Map.of("delivery", "exactly-once", "engine", "in-process",
                        "output.bootstrap.servers", "elsewhere:9092"),
                "delivery=exactly-once needs the output on the input's cluster, got output.bootstrap.servers="
                        + "elsewhere:9092: one Kafka transaction commits the outputs and the input's offsets together, "
                        + "and a transaction cannot span two clusters");
        assertThat(load(Map.of("delivery", "exactly-once", "engine", "in-process",
                "output.bootstrap.servers", "broker:9092")).exactlyOnce()).as("the same cluster, written out").isTrue();
    }

    @Test
    void aTransactionTimeoutNoLongerThanABatchOrAboveTheBrokersLimitIsRefused() {
        assertThatThrownBy(() -> load(Map.of("delivery", "exactly-once",
                "kafka.producer.transaction.timeout.ms", "120000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.producer.transaction.timeout.ms (120000) must be longer than a batch's "
                        + "transaction can last (120000 ms: the producer's delivery.timeout.ms, the Spark task read "
                        + "stall timeout of 120 s and spark.batch-interval)");
        assertThatThrownBy(() -> load(Map.of("delivery", "exactly-once", "engine", "in-process",
                "kafka.producer.delivery.timeout.ms", "200000", "kafka.producer.transaction.timeout.ms", "180000")))
                .hasMessageContaining("(200000 ms: the producer's delivery.timeout.ms)");
        assertThatThrownBy(() -> load(Map.of("delivery", "exactly-once", "engine", "in-process",
                "kafka.producer.transaction.timeout.ms", "900001")))
                .hasMessageContaining("is above the broker's default transaction.max.timeout.ms (900000)");
    }

    @Test
    void theInputMustBeReadCommitted() {
        assertThatThrownBy(() -> load(Map.of("delivery", "exactly-once", "engine", "in-process",
                "kafka.consumer.isolation.level", "read_uncommitted")))
                .hasMessageContaining("delivery=exactly-once reads the input read_committed, got "
                        + "isolation.level=read_uncommitted");
    }

    @Test
    void onSparkAShuffleAndSpeculationAreRefusedWithTheReason() {
        assertProblems(Map.of("delivery", "exactly-once", "processing.parallelism", "8",
                        "spark.conf.spark.speculation", "true"),
                "delivery=exactly-once needs processing.parallelism=same-as-read, got 8: a shuffle would split one "
                        + "input partition's range over several tasks, while each task commits its partition's "
                        + "offsets in its own transaction",
                "delivery=exactly-once refuses spark.conf.spark.speculation=true: a speculative copy of a task "
                        + "fences the original (same transactional id), which then fails and counts toward "
                        + "spark.task.maxFailures, and both do the work");
        assertThat(load(Map.of("delivery", "exactly-once", "engine", "in-process", "processing.parallelism", "8"))
                .exactlyOnce()).as("a Spark setting the in-process engine does not use").isTrue();
    }

    @Test
    void anUnknownDeliveryIsRefused() {
        assertThatThrownBy(() -> load(Map.of("delivery", "exactly-twice")))
                .hasMessageContaining("delivery")
                .hasMessageContaining("must be one of: at-least-once, exactly-once");
    }

    private static TweetstreamConfig load(Map<String, String> settings) {
        Map<String, String> written = new HashMap<>(MINIMAL);
        written.putAll(settings);
        return TweetstreamConfig.load(null, written, null);
    }

    private static void assertProblems(Map<String, String> settings, String... problems) {
        assertThatThrownBy(() -> load(settings)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).containsAll(List.of(problems)));
    }
}
