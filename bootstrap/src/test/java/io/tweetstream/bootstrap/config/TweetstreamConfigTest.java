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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
    void theBoundOfFailedCommitsReachesBothEngines() {
        assertThat(TweetstreamConfig.load(null, MINIMAL, null).spark().maxFailedCommits()).isEqualTo(30);
        Map<String, String> written = new HashMap<>(MINIMAL);
        written.put("commit.max-failed-batches", "5");

        TweetstreamConfig config = TweetstreamConfig.load(null, written, null);

        assertThat(config.spark().maxFailedCommits()).isEqualTo(5);
        assertThat(config.inProcess().maxFailedCommits()).isEqualTo(5);
        assertProblem("commit.max-failed-batches", "0",
                "Invalid value 0 for configuration commit.max-failed-batches: Value must be at least 1");
    }

    @Test
    void theProducerPoolHasNoCapByDefaultAndAWaitShorterThanADeliveryIsRefused() {
        assertThat(TweetstreamConfig.load(null, MINIMAL, null).kafka().pool().maxTotal()).isNull();
        Map<String, String> written = new HashMap<>(MINIMAL);
        written.put("producer.pool.max-total", "4");
        written.put("producer.pool.max-wait", "60s");

        assertThatThrownBy(() -> TweetstreamConfig.load(null, written, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("producer.pool.max-wait (60000 ms) must be longer than the producer's "
                        + "delivery.timeout.ms (120000 ms)");
        written.put("kafka.producer.delivery.timeout.ms", "45000");
        assertThat(TweetstreamConfig.load(null, written, null).kafka().pool().maxWait()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void batchesAreBoundedByDefaultSoACrashReReadsAboutOneBatch() {
        TweetstreamConfig config = TweetstreamConfig.load(null, Map.of(
                "kafka.bootstrap.servers", "broker:9092", "input.topic", "tweets", "output.topic", "tweets-out",
                "spark.batch-interval", "500ms"), null);

        assertThat(config.spark().maxRatePerPartition()).isEqualTo(25_000);
        assertThat(config.spark().backpressureInitialRate()).as("no initial rate: the cap bounds the first batch")
                .isZero();
        assertThat(config.spark().maxRecordsPerPartitionPerBatch()).hasValue(12_500);
        assertThat(config.inProcess().maxPollRecords()).isEqualTo(2_000);
    }

    @Test
    void exactlyOnceSparkBatchesAreCappedHigherUnlessWritten() {
        Map<String, String> settings = new HashMap<>(MINIMAL);
        settings.put("engine", "spark");
        settings.put("delivery", "exactly-once");
        assertThat(TweetstreamConfig.load(null, settings, null).spark().maxRatePerPartition()).isEqualTo(100_000);

        settings.put("spark.max-rate-per-partition", "25000");
        assertThat(TweetstreamConfig.load(null, settings, null).spark().maxRatePerPartition()).isEqualTo(25_000);
    }

    @Test
    void exactlyOnceInProcessPollsAreTransactionsAndLargerUnlessWritten() {
        Map<String, String> settings = new HashMap<>(MINIMAL);
        settings.put("delivery", "exactly-once");
        assertThat(TweetstreamConfig.load(null, settings, null).inProcess().maxPollRecords()).isEqualTo(20_000);

        settings.put("kafka.consumer.max.poll.records", "500");
        assertThat(TweetstreamConfig.load(null, settings, null).inProcess().maxPollRecords()).isEqualTo(500);
    }

    @Test
    void zeroLiftsTheBatchCapOnlyWhenWrittenAndTheConsumersOwnPollSizeWins() {
        Map<String, String> settings = new HashMap<>(MINIMAL);
        settings.put("spark.max-rate-per-partition", "0");
        settings.put("kafka.consumer.max.poll.records", "300");

        TweetstreamConfig config = TweetstreamConfig.load(null, settings, null);
        assertThat(config.spark().maxRecordsPerPartitionPerBatch()).isEmpty();
        assertThat(config.inProcess().maxPollRecords()).isEqualTo(300);
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
        assertProblem("processing.parallelism", "-3", "Invalid value -3 for configuration processing.parallelism: "
                + "must be a positive integer or 'same-as-read', got '-3'");
        assertProblem("codec", "json",
                "Invalid value json for configuration codec: String must be one of: binary, single-object");
        assertProblem("engine", "flink",
                "Invalid value flink for configuration engine: String must be one of: spark, in-process");
        assertProblem("in-process.readers", "0",
                "Invalid value 0 for configuration in-process.readers: Value must be at least 1");
        assertProblem("topics.partitions", "0",
                "Invalid value 0 for configuration topics.partitions: Value must be at least 1");
        assertProblem("topics.replication-factor", "40000", "Invalid value 40000 for configuration "
                + "topics.replication-factor: Not a number of type SHORT");
        assertProblem("topics.create", "yes",
                "Invalid value yes for configuration topics.create: Expected value to be either true or false");
        assertProblem("kafka.auto.offset.reset", "none", "Invalid value none for configuration "
                + "kafka.auto.offset.reset: String must be one of: earliest, latest");
        assertProblem("transformations", "normalize,shout", "Invalid value normalize,shout for configuration "
                + "transformations: unknown transformation 'shout'; known: identity, normalize, filter, redact");
    }

    /** Spark's units, Spark's parser, and no overflow past the validation (these used to exit 1 with a trace). */
    @ParameterizedTest
    @ValueSource(strings = {"fast", "0s", "99999999999999999999s", "3000000000000000h", "366d"})
    void aDurationOutOfShapeOrRangeNamesTheSetting(String value) {
        assertProblem("spark.batch-interval", value, "Invalid value " + value + " for configuration "
                + "spark.batch-interval: must be a positive duration in Spark's units (us, ms, s, m or min, h, d; "
                + "e.g. 500ms, 30s, 5min), at most 365d");
    }

    @Test
    void durationsAndSizesTakeSparksUnits() {
        Map<String, String> settings = new HashMap<>(MINIMAL);
        settings.put("spark.batch-interval", "250");
        settings.put("producer.pool.evict-idle-after", "2d");

        TweetstreamConfig config = TweetstreamConfig.load(null, settings, null);
        assertThat(config.spark().batchInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.kafka().pool().evictIdleAfter()).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void aMistypedKafkaClientKeyNamesTheClosestKnownOne() {
        assertProblem("kafka.producer.lingr.ms", "5", "kafka.producer.lingr.ms: 'lingr.ms' is not a setting of the "
                + "Kafka producer; did you mean 'kafka.producer.linger.ms'? (a client plug-in's own key: list it in "
                + "kafka.extra-keys)");
        assertProblem("kafka.consumer.fetch.min.byte", "1", "kafka.consumer.fetch.min.byte: 'fetch.min.byte' is not "
                + "a setting of the Kafka consumer; did you mean 'kafka.consumer.fetch.min.bytes'? (a client "
                + "plug-in's own key: list it in kafka.extra-keys)");
    }

    @Test
    void aKafkaClientValueIsCheckedByKafkasOwnDeclarationAndASecretIsNeverPrinted() {
        assertProblem("kafka.producer.linger.ms", "soon",
                "kafka.producer.linger.ms: Invalid value soon for configuration linger.ms: Not a number of type LONG");

        Map<String, String> settings = new HashMap<>(MINIMAL);
        settings.put("kafka.client.ssl.key.password", "hunter2");
        settings.put("kafka.producer.compression.type", "best");
        assertThatThrownBy(() -> TweetstreamConfig.load(null, settings, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.producer.compression.type")
                .hasMessageNotContaining("hunter2");
    }

    /** Values Kafka and Spark accept but that would lose records or commit past a failure. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            spark.conf.spark.streaming.concurrentJobs | 4 | must stay 1
            kafka.producer.acks                        | 0 | must stay all
            kafka.producer.acks                        | 1 | must stay all
            kafka.client.acks                          | 1 | must stay all
            kafka.producer.enable.idempotence          | false | must stay true
            kafka.producer.max.in.flight.requests.per.connection | 6 | must be 1 to 5
            """)
    void unsafeOverridesAreRefusedNamingTheSettingAndWhy(String key, String value, String why) {
        Map<String, String> settings = new HashMap<>(MINIMAL);
        settings.put(key, value);

        assertThatThrownBy(() -> TweetstreamConfig.load(null, settings, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + " " + why + ", got '" + value + "': ");
    }

    @Test
    void safeValuesOfTheSameSettingsAreAccepted() {
        Map<String, String> settings = new HashMap<>(MINIMAL);
        settings.put("spark.conf.spark.streaming.concurrentJobs", "1");
        settings.put("kafka.producer.acks", "all");
        settings.put("kafka.producer.enable.idempotence", "true");
        settings.put("kafka.producer.max.in.flight.requests.per.connection", "1");

        assertThat(TweetstreamConfig.load(null, settings, null).kafka().producerConfig()).containsEntry("acks", "all");
    }

    @Test
    void aClientPlugInsOwnKeysAreAcceptedOnceDeclared() {
        Map<String, String> settings = new HashMap<>(MINIMAL);
        settings.put("kafka.producer.interceptor.classes", "com.example.AuditInterceptor");
        settings.put("kafka.producer.audit.topic", "audit");

        assertThatThrownBy(() -> TweetstreamConfig.load(null, settings, null))
                .hasMessageStartingWith("kafka.producer.audit.topic: 'audit.topic' is not a setting of the Kafka "
                        + "producer");
        settings.put("kafka.extra-keys", "audit.topic");
        assertThat(TweetstreamConfig.load(null, settings, null).kafka().producerConfig())
                .containsEntry("audit.topic", "audit");
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
                        "Invalid value 0 for configuration file.max-bytes: must be a positive size in Spark's units "
                                + "(b, k, m, g, t, p; e.g. 512k, 128m, 1g)",
                        "Invalid value soon for configuration file.max-age: must be a positive duration in Spark's "
                                + "units (us, ms, s, m or min, h, d; e.g. 500ms, 30s, 5min), at most 365d"));

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
        assertProblem("input.topics", "typo", "unknown setting 'input.topics'; did you mean 'input.topic'? (see the "
                + "configuration reference in README.md)");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, String> settings = new HashMap<>(MINIMAL);
        settings.remove("output.topic");
        settings.put("processing.parallelism", "zero");
        settings.put("codec", "xml");

        assertThatThrownBy(() -> TweetstreamConfig.load(null, settings, null))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "Invalid value xml for configuration codec: String must be one of: binary, single-object",
                        "output.topic is required with sinks=kafka",
                        "Invalid value zero for configuration processing.parallelism: must be a positive integer or "
                                + "'same-as-read', got 'zero'"));
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
