package io.tweetstream.bootstrap.config;

import com.google.inject.Module;
import io.tweetstream.adapter.avro.AvroCodecs;
import io.tweetstream.adapter.inprocess.InProcessEngineSettings;
import io.tweetstream.adapter.kafka.KafkaSettings;
import io.tweetstream.adapter.kafka.PoolSettings;
import io.tweetstream.adapter.spark.SparkEngineSettings;
import io.tweetstream.domain.parallelism.ProcessingParallelism;
import io.tweetstream.domain.transform.TransformationCatalog;
import io.tweetstream.plugin.SinkPlugin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;

/**
 * The whole configuration, typed and validated before anything starts. Every setting, its default and its
 * meaning is listed in README.md ("Configuration"); this class is the single place that reads them.
 *
 * @param engine which engine runs the pipeline
 * @param codec wire format of input and output topics
 * @param transformations the transformation chain, as {@link TransformationCatalog} parses it
 * @param kafka the Kafka adapter's settings (cluster, topics, producers)
 * @param spark the Spark engine's settings
 * @param inProcess the in-process engine's settings
 * @param sinks where transformed tweets go, in order: one or several sink plug-ins (several are a fan-out)
 */
public record TweetstreamConfig(
        String engine,
        String codec,
        String transformations,
        KafkaSettings kafka,
        SparkEngineSettings spark,
        InProcessEngineSettings inProcess,
        List<ConfiguredSink> sinks) {

    public static final List<String> ENGINES = List.of("spark", "in-process");
    public static final List<String> CODECS = List.of(AvroCodecs.BINARY, AvroCodecs.SINGLE_OBJECT);

    /** A chosen sink plug-in and the Guice module it made from its validated settings. */
    public record ConfiguredSink(String name, Module module) {
    }

    /** The sink plug-ins on the class path; a broken one (bad service entry, a name twice) is a problem too. */
    private static SinkPlugins plugins(RawSettings raw) {
        try {
            return SinkPlugins.discover();
        } catch (IllegalStateException | java.util.ServiceConfigurationError e) {
            raw.problem("sink plug-ins on the class path: " + e.getMessage());
            return SinkPlugins.of(List.of());
        }
    }

    /** The names in {@code sinks=...}, each a plug-in on the class path, none twice. */
    private static List<String> sinkNames(RawSettings raw, SinkPlugins plugins) {
        List<String> names = new ArrayList<>();
        for (String name : raw.string("sinks", "kafka").split(",")) {
            String sink = name.strip();
            if (plugins.get(sink) == null || names.contains(sink)) {
                raw.problem("sinks must be a list of distinct names among the sink plug-ins on the class path ("
                        + String.join(", ", plugins.names()) + "), got '" + raw.string("sinks", "kafka") + "'");
                return List.of();
            }
            names.add(sink);
        }
        return names;
    }

    /**
     * Every plug-in's settings are known keys; the chosen plug-ins' settings are validated by their own
     * declarations (every problem named by its setting), and each chosen plug-in makes its module.
     */
    private static List<ConfiguredSink> sinks(RawSettings raw, SinkPlugins plugins) {
        List<String> chosen = sinkNames(raw, plugins);
        List<ConfiguredSink> sinks = new ArrayList<>();
        for (SinkPlugin plugin : plugins.all()) {
            ConfigDef declared = plugin.settings();
            Map<String, String> written = raw.declared(declared.names());
            if (!chosen.contains(plugin.name())) {
                continue;
            }
            boolean valid = true;
            for (ConfigValue value : declared.validateAll(written).values()) {
                for (String error : value.errorMessages()) {
                    raw.problem(error.startsWith("Missing required configuration")
                            ? value.name() + " is required with sinks=" + raw.string("sinks", "kafka")
                            : error);
                    valid = false;
                }
            }
            if (valid) {
                try {
                    sinks.add(new ConfiguredSink(plugin.name(), plugin.module(declared.parse(written))));
                } catch (RuntimeException e) {
                    raw.problem(e instanceof IllegalArgumentException ? e.getMessage()
                            : "sink plug-in '" + plugin.name() + "' refused its settings: " + e);
                }
            }
        }
        sinks.sort(java.util.Comparator.comparingInt(s -> chosen.indexOf(s.name())));
        return List.copyOf(sinks);
    }

    /**
     * Reads and validates.
     *
     * @param file properties file, or null
     * @param overrides {@code key=value} pairs from the command line; they win over the file
     * @param defaultBootstrapServers used when {@code kafka.bootstrap.servers} is not set (the demo's embedded
     *                                broker), or null to make the setting required
     * @throws ConfigException listing every problem, each naming its setting
     */
    public static TweetstreamConfig load(Path file, Map<String, String> overrides, String defaultBootstrapServers) {
        return load(Map.of(), file, overrides, defaultBootstrapServers);
    }

    /** As {@link #load(Path, Map, String)}, with {@code defaults} under the file (the demo's own defaults). */
    public static TweetstreamConfig load(Map<String, String> defaults, Path file, Map<String, String> overrides,
                                         String defaultBootstrapServers) {
        RawSettings raw = RawSettings.load(defaults, file, overrides);
        if (raw.string("spark.checkpoint-dir", null) != null) {
            raw.problem("spark.checkpoint-dir is no longer supported: the job's progress is the consumer group's "
                    + "committed offsets (see README.md, Delivery guarantees); remove the setting");
        }

        String engine = raw.oneOf("engine", "spark", ENGINES);
        String codec = raw.oneOf("codec", AvroCodecs.DEFAULT, CODECS);
        String transformations = raw.string("transformations", "identity");
        raw.parsed("transformations", "identity", TransformationCatalog::parse);
        String bootstrap = defaultBootstrapServers == null
                ? raw.required("kafka.bootstrap.servers")
                : raw.string("kafka.bootstrap.servers", defaultBootstrapServers);
        String input = raw.required("input.topic");
        String deadLetter = raw.string("dead-letter.topic", null);
        String groupId = raw.string("kafka.group.id", "tweetstream");
        String offsetReset = raw.oneOf("kafka.auto.offset.reset", "earliest", List.of("earliest", "latest"));
        Duration checkTimeout = raw.duration("kafka.check-timeout", Duration.ofSeconds(30));
        boolean createTopics = raw.bool("topics.create", false);
        int partitions = raw.positiveInt("topics.partitions", 3);
        int replication = raw.positiveInt("topics.replication-factor", 1);
        int poolMax = raw.positiveInt("producer.pool.max-total", Runtime.getRuntime().availableProcessors());
        Duration poolWait = raw.duration("producer.pool.max-wait", Duration.ofSeconds(60));
        Duration poolIdle = raw.duration("producer.pool.evict-idle-after", Duration.ofMinutes(5));
        int readers = raw.positiveInt("in-process.readers", 0);
        List<ConfiguredSink> sinks = sinks(raw, plugins(raw));
        ProcessingParallelism processing =
                raw.parsed("processing.parallelism", ProcessingParallelism.SAME_AS_READ, ProcessingParallelism::parse);
        String master = raw.string("spark.master", null);
        String appName = raw.string("spark.app-name", "tweetstream");
        Duration batchInterval = raw.duration("spark.batch-interval", Duration.ofSeconds(1));
        long maxRate = raw.nonNegativeLong("spark.max-rate-per-partition", 0);
        boolean backpressure = raw.bool("spark.backpressure.enabled", true);
        long initialRate = raw.nonNegativeLong("spark.backpressure.initial-rate", 0);
        Map<String, String> clientConfig = raw.withPrefix("kafka.client.");
        Map<String, String> consumerConfig = raw.withPrefix("kafka.consumer.");
        Map<String, String> producerConfig = raw.withPrefix("kafka.producer.");
        Map<String, String> sparkConfig = raw.withPrefix("spark.conf.");
        if (replication > Short.MAX_VALUE) {
            raw.problem("topics.replication-factor must be at most " + Short.MAX_VALUE + ", got " + replication);
        }
        raw.check(); // stop here with every problem of single settings, before combining them

        try {
            KafkaSettings kafka = new KafkaSettings(bootstrap, input, deadLetter, clientConfig, producerConfig,
                    new PoolSettings(poolMax, poolWait, poolIdle),
                    new KafkaSettings.TopicCreation(createTopics, partitions, (short) replication), checkTimeout);
            Map<String, String> consumer = new java.util.HashMap<>(clientConfig);
            consumer.putAll(consumerConfig);
            SparkEngineSettings spark = SparkEngineSettings.builder(input, bootstrap, groupId)
                    .appName(appName)
                    .master(master)
                    .autoOffsetReset(offsetReset)
                    .consumerConfig(consumer)
                    .batchInterval(batchInterval)
                    .maxRatePerPartition(maxRate)
                    .backpressure(backpressure, initialRate)
                    .processing(processing)
                    .sparkConfig(sparkConfig)
                    .build();
            InProcessEngineSettings inProcess = new InProcessEngineSettings(bootstrap, input, groupId, offsetReset,
                    consumer, readers == 0 ? OptionalInt.empty() : OptionalInt.of(readers), Duration.ofMillis(200));
            return new TweetstreamConfig(engine, codec, transformations, kafka, spark, inProcess, sinks);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(e.getMessage()));
        }
    }
}
