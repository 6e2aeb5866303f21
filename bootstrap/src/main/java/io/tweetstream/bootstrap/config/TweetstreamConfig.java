package io.tweetstream.bootstrap.config;

import io.tweetstream.adapter.avro.AvroCodecs;
import io.tweetstream.adapter.avro.TweetKryoRegistrator;
import io.tweetstream.adapter.file.FileSinkSettings;
import io.tweetstream.adapter.kafka.InProcessEngineSettings;
import io.tweetstream.adapter.kafka.KafkaSettings;
import io.tweetstream.adapter.kafka.PoolSettings;
import io.tweetstream.adapter.spark.SparkEngineSettings;
import io.tweetstream.domain.parallelism.ProcessingParallelism;
import io.tweetstream.domain.transform.TransformationCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

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
 * @param sinks where transformed tweets go, in order: {@code kafka}, {@code file}, or several (a fan-out)
 * @param file the file sink's settings, or null when it is not among the sinks
 */
public record TweetstreamConfig(
        String engine,
        String codec,
        String transformations,
        KafkaSettings kafka,
        SparkEngineSettings spark,
        InProcessEngineSettings inProcess,
        List<String> sinks,
        FileSinkSettings file) {

    public static final List<String> ENGINES = List.of("spark", "in-process");
    public static final List<String> SINKS = List.of("kafka", "file");
    public static final List<String> CODECS = List.of(AvroCodecs.BINARY, AvroCodecs.SINGLE_OBJECT);

    private static List<String> sinks(RawSettings raw) {
        List<String> sinks = new java.util.ArrayList<>();
        for (String name : raw.string("sinks", "kafka").split(",")) {
            String sink = name.strip();
            if (!SINKS.contains(sink) || sinks.contains(sink)) {
                raw.problem("sinks must be a list of distinct names among " + String.join(", ", SINKS)
                        + ", got '" + raw.string("sinks", "kafka") + "'");
                return List.of("kafka");
            }
            sinks.add(sink);
        }
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

        String engine = raw.oneOf("engine", "spark", ENGINES);
        String codec = raw.oneOf("codec", AvroCodecs.DEFAULT, CODECS);
        String transformations = raw.string("transformations", "identity");
        raw.parsed("transformations", "identity", TransformationCatalog::parse);
        String bootstrap = defaultBootstrapServers == null
                ? raw.required("kafka.bootstrap.servers")
                : raw.string("kafka.bootstrap.servers", defaultBootstrapServers);
        String input = raw.required("input.topic");
        String output = raw.required("output.topic");
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
        List<String> sinks = sinks(raw);
        String fileDirectory = sinks.contains("file") ? raw.required("file.directory") : raw.string("file.directory", null);
        String filePrefix = raw.string("file.prefix", "tweets");
        long fileMaxBytes = raw.nonNegativeLong("file.max-bytes", 128L << 20);
        Duration fileMaxAge = raw.duration("file.max-age", Duration.ofMinutes(5));
        ProcessingParallelism processing =
                raw.parsed("processing.parallelism", ProcessingParallelism.SAME_AS_READ, ProcessingParallelism::parse);
        String master = raw.string("spark.master", null);
        String appName = raw.string("spark.app-name", "tweetstream");
        Duration batchInterval = raw.duration("spark.batch-interval", Duration.ofSeconds(1));
        long maxRate = raw.nonNegativeLong("spark.max-rate-per-partition", 0);
        boolean backpressure = raw.bool("spark.backpressure.enabled", true);
        long initialRate = raw.nonNegativeLong("spark.backpressure.initial-rate", 0);
        String checkpointDir = raw.string("spark.checkpoint-dir", null);
        Map<String, String> clientConfig = raw.withPrefix("kafka.client.");
        Map<String, String> consumerConfig = raw.withPrefix("kafka.consumer.");
        Map<String, String> producerConfig = raw.withPrefix("kafka.producer.");
        Map<String, String> sparkConfig = new java.util.HashMap<>(raw.withPrefix("spark.conf."));
        // Kryo with Avro-backed serializers for tweets; a user's own registrator setting wins.
        sparkConfig.putIfAbsent("spark.kryo.registrator", TweetKryoRegistrator.class.getName());
        if (replication > Short.MAX_VALUE) {
            raw.problem("topics.replication-factor must be at most " + Short.MAX_VALUE + ", got " + replication);
        }
        raw.check(); // stop here with every problem of single settings, before combining them

        try {
            KafkaSettings kafka = new KafkaSettings(bootstrap, input, output, deadLetter, clientConfig, producerConfig,
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
                    .checkpointDir(checkpointDir)
                    .sparkConfig(sparkConfig)
                    .build();
            InProcessEngineSettings inProcess = new InProcessEngineSettings(groupId, offsetReset, consumer,
                    readers == 0 ? OptionalInt.empty() : OptionalInt.of(readers), Duration.ofMillis(200));
            FileSinkSettings fileSink = sinks.contains("file")
                    ? new FileSinkSettings(fileDirectory, filePrefix, fileMaxBytes, fileMaxAge) : null;
            return new TweetstreamConfig(engine, codec, transformations, kafka, spark, inProcess, sinks, fileSink);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(e.getMessage()));
        }
    }
}
