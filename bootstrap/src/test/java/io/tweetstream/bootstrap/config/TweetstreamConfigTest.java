package io.tweetstream.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tweetstream.domain.parallelism.ProcessingParallelism;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TweetstreamConfigTest {

    private static final Map<String, String> MINIMAL = Map.of(
            "kafka.bootstrap.servers", "broker:9092",
            "input.topic", "tweets",
            "output.topic", "tweets-out");

    @Test
    void theMinimalConfigurationGetsSafeDefaults() {
        TweetstreamConfig config = TweetstreamConfig.load(null, MINIMAL, null);

        assertThat(config.engine()).isEqualTo("spark");
        assertThat(config.codec()).isEqualTo("binary");
        assertThat(config.kafka().deadLetterTopic()).isEqualTo("tweets.dlq");
        assertThat(config.kafka().topicCreation().enabled()).isFalse();
        assertThat(config.spark().groupId()).isEqualTo("tweetstream");
        assertThat(config.spark().autoOffsetReset()).isEqualTo("earliest");
        assertThat(config.spark().batchInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.spark().processing()).isEqualTo(ProcessingParallelism.sameAsRead());
        assertThat(config.sinks()).extracting(TweetstreamConfig.ConfiguredSink::name).containsExactly("kafka");
    }

    @Test
    void aFileIsReadAndCommandLineOverridesWin(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tweetstream.properties");
        Files.writeString(file, String.join("\n",
                "kafka.bootstrap.servers=from-file:9092",
                "input.topic=in",
                "output.topic=out",
                "spark.batch-interval=500ms",
                "kafka.producer.linger.ms=20",
                "kafka.client.security.protocol=SSL",
                "kafka.consumer.fetch.min.bytes=1024",
                "spark.conf.spark.executor.memory=2g"));

        TweetstreamConfig config = TweetstreamConfig.load(file, Map.of("input.topic", "in-override"), null);

        assertThat(config.kafka().bootstrapServers()).isEqualTo("from-file:9092");
        assertThat(config.kafka().inputTopic()).isEqualTo("in-override");
        assertThat(config.spark().batchInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.kafka().producerConfig()).containsEntry("linger.ms", "20");
        assertThat(config.kafka().clientConfig()).containsEntry("security.protocol", "SSL");
        assertThat(config.spark().consumerConfig())
                .containsEntry("fetch.min.bytes", "1024").containsEntry("security.protocol", "SSL");
        assertThat(config.spark().sparkConfig()).containsEntry("spark.executor.memory", "2g");
    }

    @Test
    void aMissingRequiredSettingIsNamed() {
        Map<String, String> settings = new HashMap<>(MINIMAL);
        settings.remove("input.topic");

        assertThatThrownBy(() -> TweetstreamConfig.load(null, settings, null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("input.topic is required");
    }

    @Test
    void aMalformedValueNamesTheSettingAndTheAcceptedValues() {
        assertProblem("processing.parallelism", "-3",
                "processing.parallelism must be a positive integer or 'same-as-read', got '-3'");
        assertProblem("codec", "json", "codec must be one of binary, single-object, got 'json'");
        assertProblem("engine", "flink", "engine must be one of spark, in-process, got 'flink'");
        assertProblem("in-process.readers", "0", "in-process.readers must be a positive integer, got '0'");
        assertProblem("spark.batch-interval", "fast",
                "spark.batch-interval must be a positive duration such as 500ms, 30s, 5m or 1h, got 'fast'");
        assertProblem("topics.partitions", "0", "topics.partitions must be a positive integer, got '0'");
        assertProblem("topics.create", "yes", "topics.create must be true or false, got 'yes'");
        assertProblem("kafka.auto.offset.reset", "none",
                "kafka.auto.offset.reset must be one of earliest, latest, got 'none'");
        assertProblem("transformations", "normalize,shout",
                "transformations unknown transformation 'shout'; known: identity, normalize, filter, redact");
    }

    @Test
    void sinksAreThePlugInsOnTheClassPathAndAChosenPlugInValidatesItsOwnSettings() {
        String available = String.join(", ", SinkPlugins.discover().names());
        assertThat(SinkPlugins.discover().names()).contains("kafka", "file");
        assertProblem("sinks", "kafka,s3", "sinks must be a list of distinct names among the sink plug-ins on the "
                + "class path (" + available + "), got 'kafka,s3'");
        assertProblem("sinks", "kafka,kafka", "sinks must be a list of distinct names among the sink plug-ins on the "
                + "class path (" + available + "), got 'kafka,kafka'");
        assertProblem("sinks", "file", "file.directory is required with sinks=file");

        Map<String, String> settings = new HashMap<>(MINIMAL);
        settings.put("sinks", "file, kafka");
        settings.put("file.directory", "/tmp/out");
        settings.put("file.max-bytes", "0");
        settings.put("file.max-age", "soon");
        assertThatThrownBy(() -> TweetstreamConfig.load(null, settings, null))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
                        "Invalid value 0 for configuration file.max-bytes: Value must be at least 1",
                        "Invalid value soon for configuration file.max-age: must be a positive duration such as "
                                + "500ms, 30s, 5m or 1h"));

        settings.remove("file.max-bytes");
        settings.remove("file.max-age");
        TweetstreamConfig config = TweetstreamConfig.load(null, settings, null);
        assertThat(config.sinks()).extracting(TweetstreamConfig.ConfiguredSink::name).containsExactly("file", "kafka");
    }

    @Test
    void theSettingsOfASinkThatIsNotChosenAreKnownButNotChecked() {
        Map<String, String> settings = new HashMap<>(MINIMAL);
        settings.put("file.max-bytes", "not checked: the file sink is not chosen");

        assertThat(TweetstreamConfig.load(null, settings, null).sinks())
                .extracting(TweetstreamConfig.ConfiguredSink::name).containsExactly("kafka");
    }

    @Test
    void theRemovedCheckpointSettingSaysWhy() {
        assertProblem("spark.checkpoint-dir", "/tmp/cp", "spark.checkpoint-dir is no longer supported: the job's "
                + "progress is the consumer group's committed offsets (see README.md, Delivery guarantees); remove "
                + "the setting");
    }

    @Test
    void anUnknownSettingIsRejectedNotIgnored() {
        assertProblem("input.topics", "typo", "unknown setting 'input.topics' (see the configuration reference in README.md)");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, String> settings = new HashMap<>(MINIMAL);
        settings.remove("output.topic");
        settings.put("processing.parallelism", "zero");
        settings.put("codec", "xml");

        assertThatThrownBy(() -> TweetstreamConfig.load(null, settings, null))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "codec must be one of binary, single-object, got 'xml'",
                        "output.topic is required with sinks=kafka",
                        "processing.parallelism must be a positive integer or 'same-as-read', got 'zero'"));
    }

    @Test
    void combinationsAreCheckedToo() {
        Map<String, String> settings = new HashMap<>(MINIMAL);
        settings.put("dead-letter.topic", "tweets");

        assertThatThrownBy(() -> TweetstreamConfig.load(null, settings, null))
                .hasMessage("dead-letter.topic must differ from input.topic, both are 'tweets'");
    }

    @Test
    void theOutputTopicIsTheKafkaSinksOwnSettingSoOtherSinksDoNotNeedIt() {
        Map<String, String> settings = new HashMap<>(MINIMAL);
        settings.remove("output.topic");
        settings.put("sinks", "stdout");

        assertThat(TweetstreamConfig.load(null, settings, null).sinks())
                .extracting(TweetstreamConfig.ConfiguredSink::name).containsExactly("stdout");
    }

    @Test
    void anUnreadableFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> TweetstreamConfig.load(missing, MINIMAL, null))
                .hasMessageStartingWith("--config: cannot read " + missing);
    }

    private static void assertProblem(String key, String value, String message) {
        Map<String, String> settings = new HashMap<>(MINIMAL);
        settings.put(key, value);
        assertThatThrownBy(() -> TweetstreamConfig.load(null, settings, null))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }
}
