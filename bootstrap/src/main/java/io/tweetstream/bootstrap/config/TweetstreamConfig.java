package io.tweetstream.bootstrap.config;

import static io.tweetstream.bootstrap.config.CoreSettings.AUTO_OFFSET_RESET;
import static io.tweetstream.bootstrap.config.CoreSettings.BACKPRESSURE;
import static io.tweetstream.bootstrap.config.CoreSettings.BATCH_INTERVAL;
import static io.tweetstream.bootstrap.config.CoreSettings.BOOTSTRAP_SERVERS;
import static io.tweetstream.bootstrap.config.CoreSettings.CHECK_TIMEOUT;
import static io.tweetstream.bootstrap.config.CoreSettings.CODEC;
import static io.tweetstream.bootstrap.config.CoreSettings.COMMIT_MAX_FAILED;
import static io.tweetstream.bootstrap.config.CoreSettings.DEAD_LETTER_TOPIC;
import static io.tweetstream.bootstrap.config.CoreSettings.DELIVERY;
import static io.tweetstream.bootstrap.config.CoreSettings.EXACTLY_ONCE;
import static io.tweetstream.bootstrap.config.CoreSettings.ENGINE;
import static io.tweetstream.bootstrap.config.CoreSettings.EXTRA_KEYS;
import static io.tweetstream.bootstrap.config.CoreSettings.GROUP_ID;
import static io.tweetstream.bootstrap.config.CoreSettings.INITIAL_RATE;
import static io.tweetstream.bootstrap.config.CoreSettings.INPUT_TOPIC;
import static io.tweetstream.bootstrap.config.CoreSettings.IN_PROCESS_READERS;
import static io.tweetstream.bootstrap.config.CoreSettings.MAX_RATE;
import static io.tweetstream.bootstrap.config.CoreSettings.METRICS_PORT;
import static io.tweetstream.bootstrap.config.CoreSettings.POOL_EVICT_IDLE;
import static io.tweetstream.bootstrap.config.CoreSettings.POOL_MAX_TOTAL;
import static io.tweetstream.bootstrap.config.CoreSettings.POOL_MAX_WAIT;
import static io.tweetstream.bootstrap.config.CoreSettings.PROCESSING;
import static io.tweetstream.bootstrap.config.CoreSettings.SINKS;
import static io.tweetstream.bootstrap.config.CoreSettings.SPARK_APP_NAME;
import static io.tweetstream.bootstrap.config.CoreSettings.SPARK_MASTER;
import static io.tweetstream.bootstrap.config.CoreSettings.TOPICS_CREATE;
import static io.tweetstream.bootstrap.config.CoreSettings.TOPICS_PARTITIONS;
import static io.tweetstream.bootstrap.config.CoreSettings.TOPICS_REPLICATION;
import static io.tweetstream.bootstrap.config.CoreSettings.TRANSFORMATIONS;

import com.google.inject.Module;
import io.tweetstream.adapter.inprocess.InProcessEngineSettings;
import io.tweetstream.adapter.kafka.KafkaSettings;
import io.tweetstream.adapter.kafka.KafkaSinkPlugin;
import io.tweetstream.adapter.kafka.PoolSettings;
import io.tweetstream.adapter.spark.SparkEngineSettings;
import io.tweetstream.domain.parallelism.ProcessingParallelism;
import io.tweetstream.plugin.SinkPlugin;
import io.tweetstream.plugin.SparkUnits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.ServiceConfigurationError;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;

/**
 * The whole configuration, typed and validated before anything starts. Every setting is declared once, with
 * Kafka's {@link ConfigDef}: the application's own in {@link CoreSettings}, each sink plug-in's by the plug-in, the
 * pass-through prefixes in {@link PassThrough}. The README's settings table is generated from the same declarations.
 *
 * @param engine which engine runs the pipeline
 * @param codec wire format of input and output topics
 * @param transformations the transformation chain, as {@code TransformationCatalog} parses it
 * @param kafka the Kafka adapter's settings (cluster, input and dead-letter topics, producers)
 * @param spark the Spark engine's settings
 * @param inProcess the in-process engine's settings
 * @param sinks where transformed tweets go, in order: one or several sink plug-ins (several are a fan-out)
 * @param exactlyOnce {@code delivery=exactly-once}: each batch commits its outputs, dead letters and input offsets in
 *                    one Kafka transaction
 */
public record TweetstreamConfig(
        String engine,
        String codec,
        String transformations,
        KafkaSettings kafka,
        SparkEngineSettings spark,
        InProcessEngineSettings inProcess,
        List<ConfiguredSink> sinks,
        boolean exactlyOnce) {

    public static final List<String> ENGINES = CoreSettings.ENGINES;

    /** A chosen sink plug-in and the Guice module it made from its validated settings. */
    public record ConfiguredSink(String name, Module module) {
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
        List<String> problems = new ArrayList<>();
        Map<String, String> written = SettingsSource.read(defaults, file, overrides, problems);
        if (defaultBootstrapServers != null) {
            written.putIfAbsent(BOOTSTRAP_SERVERS, defaultBootstrapServers);
        }
        SinkPlugins plugins = plugins(problems);
        ConfigDef core = CoreSettings.definition();
        Map<String, Object> settings = validated(core, only(written, core.names()), problems);
        checkKeys(written, core, plugins, problems);
        UnsafeSettings.check(written, problems);
        List<ConfiguredSink> sinks = sinks(written, plugins, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems); // every problem of single settings, before combining them
        }
        try {
            return build(settings, written, sinks);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(e.getMessage()));
        }
    }

    private static TweetstreamConfig build(Map<String, Object> s, Map<String, String> written,
                                           List<ConfiguredSink> sinks) {
        String bootstrap = (String) s.get(BOOTSTRAP_SERVERS);
        String input = (String) s.get(INPUT_TOPIC);
        String groupId = (String) s.get(GROUP_ID);
        String offsetReset = (String) s.get(AUTO_OFFSET_RESET);
        Map<String, String> client = PassThrough.CLIENT.from(written);
        Map<String, String> consumer = new HashMap<>(client);
        consumer.putAll(PassThrough.CONSUMER.from(written));
        Map<String, String> producer = new HashMap<>(PassThrough.PRODUCER.from(written));
        KafkaSettings kafka = kafkaSettings(s, client, producer);
        String engine = (String) s.get(ENGINE);
        ProcessingParallelism processing = ProcessingParallelism.parse((String) s.get(PROCESSING));
        boolean exactlyOnce = EXACTLY_ONCE.equals(s.get(DELIVERY));
        if (exactlyOnce) {
            String timeoutKey = ProducerConfig.TRANSACTION_TIMEOUT_CONFIG;
            if (!producer.containsKey(timeoutKey) && !client.containsKey(timeoutKey)) {
                // Kafka's 60 s may be shorter than a batch can take (a send alone may take delivery.timeout.ms)
                producer.put(timeoutKey, Long.toString(ExactlyOnceRules.defaultTransactionTimeout(
                        ExactlyOnceRules.longestBatch(engine, kafka, duration(s, BATCH_INTERVAL))).toMillis()));
                kafka = kafkaSettings(s, client, producer);
            }
            List<String> problems = ExactlyOnceRules.problems(engine, sinks.stream().map(ConfiguredSink::name).toList(),
                    kafka, consumer, processing, PassThrough.SPARK.from(written), duration(s, BATCH_INTERVAL));
            problems.addAll(ExactlyOnceRules.oneCluster(bootstrap,
                    written.get(KafkaSinkPlugin.OUTPUT_BOOTSTRAP_SERVERS)));
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
        }
        SparkEngineSettings spark = SparkEngineSettings.builder(input, bootstrap, groupId)
                .appName((String) s.get(SPARK_APP_NAME))
                .master((String) s.get(SPARK_MASTER))
                .autoOffsetReset(offsetReset)
                .consumerConfig(consumer)
                .batchInterval(duration(s, BATCH_INTERVAL))
                .maxRatePerPartition(maxRatePerPartition((Long) s.get(MAX_RATE), exactlyOnce))
                .backpressure(backpressure((Boolean) s.get(BACKPRESSURE), exactlyOnce), (Long) s.get(INITIAL_RATE))
                .processing(processing)
                .sparkConfig(PassThrough.SPARK.from(written))
                .maxFailedCommits((Integer) s.get(COMMIT_MAX_FAILED))
                // Only when Spark runs it: the Spark settings refuse what the in-process engine does not care about.
                .exactlyOnce(exactlyOnce && engine.equals("spark"))
                .build();
        Integer readers = (Integer) s.get(IN_PROCESS_READERS);
        InProcessEngineSettings inProcess = new InProcessEngineSettings(bootstrap, input, groupId, offsetReset,
                consumer, readers == null ? OptionalInt.empty() : OptionalInt.of(readers), Duration.ofMillis(200),
                (Integer) s.get(COMMIT_MAX_FAILED), exactlyOnce, (Integer) s.get(METRICS_PORT));
        return new TweetstreamConfig(engine, (String) s.get(CODEC), (String) s.get(TRANSFORMATIONS),
                kafka, spark, inProcess, sinks, exactlyOnce);
    }

    /**
     * Spark backpressure unless written: on under at-least-once; off under exactly-once, where a batch's fixed cost
     * (a transaction and two committed-offset look-ups per task) is large and backpressure, aiming at batches that
     * take one interval, shrinks them until that cost dominates. The per-partition cap still bounds each batch.
     */
    static boolean backpressure(Boolean written, boolean exactlyOnce) {
        return written != null ? written : !exactlyOnce;
    }

    /**
     * {@code spark.max-rate-per-partition} as written, else by delivery mode: at least once it bounds what a crash
     * delivers twice, exactly once only the size of each transaction (see {@link
     * SparkEngineSettings#DEFAULT_EXACTLY_ONCE_MAX_RATE_PER_PARTITION}).
     */
    static long maxRatePerPartition(Long written, boolean exactlyOnce) {
        if (written != null) {
            return written;
        }
        return exactlyOnce ? SparkEngineSettings.DEFAULT_EXACTLY_ONCE_MAX_RATE_PER_PARTITION
                : SparkEngineSettings.DEFAULT_MAX_RATE_PER_PARTITION;
    }

    private static KafkaSettings kafkaSettings(Map<String, Object> s, Map<String, String> client,
                                               Map<String, String> producer) {
        String poolWait = (String) s.get(POOL_MAX_WAIT);
        return new KafkaSettings((String) s.get(BOOTSTRAP_SERVERS), (String) s.get(INPUT_TOPIC),
                (String) s.get(DEAD_LETTER_TOPIC), client, producer,
                new PoolSettings((Integer) s.get(POOL_MAX_TOTAL), poolWait == null ? null : SparkUnits.duration(poolWait),
                        duration(s, POOL_EVICT_IDLE)),
                new KafkaSettings.TopicCreation((Boolean) s.get(TOPICS_CREATE), (Integer) s.get(TOPICS_PARTITIONS),
                        (Short) s.get(TOPICS_REPLICATION)),
                duration(s, CHECK_TIMEOUT));
    }

    private static Duration duration(Map<String, Object> settings, String key) {
        return SparkUnits.duration((String) settings.get(key));
    }

    /** Parsed values of {@code def}'s keys, or null when any is invalid (then each problem names its setting). */
    private static Map<String, Object> validated(ConfigDef def, Map<String, String> values, List<String> problems) {
        int before = problems.size();
        for (ConfigValue value : def.validateAll(values).values()) {
            if (!value.errorMessages().isEmpty()) { // the first says it; the others follow from it (e.g. null)
                String error = value.errorMessages().get(0);
                problems.add(error.startsWith("Missing required configuration")
                        ? value.name() + " is required" : error);
            }
        }
        return problems.size() == before ? def.parse(values) : null;
    }

    /** Every written key is declared somewhere, or under a pass-through prefix where Kafka knows it. */
    private static void checkKeys(Map<String, String> written, ConfigDef core, SinkPlugins plugins,
                                  List<String> problems) {
        Set<String> declared = new HashSet<>(core.names());
        plugins.all().forEach(p -> declared.addAll(p.settings().names()));
        Set<String> extraKeys = new HashSet<>(list(written.getOrDefault(EXTRA_KEYS, "")));
        written.forEach((key, value) -> {
            PassThrough passThrough = PassThrough.of(key);
            if (passThrough != null) {
                passThrough.check(key, value, extraKeys, problems);
            } else if (key.equals("spark.checkpoint-dir")) {
                problems.add("spark.checkpoint-dir is no longer supported: the job's progress is the consumer "
                        + "group's committed offsets (see README.md, Delivery guarantees); remove the setting");
            } else if (!declared.contains(key)) {
                problems.add("unknown setting '" + key + "'; did you mean '" + ClosestName.to(key, declared)
                        + "'? (see the configuration reference in README.md)");
            }
        });
    }

    /** The sink plug-ins on the class path; a broken one (bad service entry, a name twice) is a problem too. */
    private static SinkPlugins plugins(List<String> problems) {
        try {
            return SinkPlugins.discover();
        } catch (IllegalStateException | ServiceConfigurationError e) {
            problems.add("sink plug-ins on the class path: " + e.getMessage());
            return SinkPlugins.of(List.of());
        }
    }

    /**
     * The chosen plug-ins, in the order written: each validates its own settings by its declarations (every
     * problem named by its setting) and makes its module.
     */
    private static List<ConfiguredSink> sinks(Map<String, String> written, SinkPlugins plugins,
                                              List<String> problems) {
        List<String> chosen = list(written.getOrDefault(SINKS, "kafka"));
        if (chosen.isEmpty() || chosen.stream().anyMatch(name -> plugins.get(name) == null)
                || chosen.stream().distinct().count() != chosen.size()) {
            problems.add("sinks must be a list of distinct names among the sink plug-ins on the class path ("
                    + String.join(", ", plugins.names()) + "), got '" + String.join(",", chosen) + "'");
            return List.of();
        }
        List<ConfiguredSink> sinks = new ArrayList<>();
        for (String name : chosen) {
            SinkPlugin plugin = plugins.get(name);
            ConfigDef declared = plugin.settings();
            List<String> own = new ArrayList<>();
            Map<String, Object> parsed = validated(declared, only(written, declared.names()), own);
            own.forEach(p -> problems.add(p.endsWith(" is required") ? p + " with sinks=" + String.join(",", chosen)
                    : p));
            if (parsed == null) {
                continue;
            }
            try {
                sinks.add(new ConfiguredSink(name, plugin.module(parsed)));
            } catch (RuntimeException e) {
                problems.add(e instanceof IllegalArgumentException ? e.getMessage()
                        : "sink plug-in '" + name + "' refused its settings: " + e);
            }
        }
        sinks.sort(Comparator.comparingInt(s -> chosen.indexOf(s.name())));
        return List.copyOf(sinks);
    }

    private static Map<String, String> only(Map<String, String> written, Set<String> keys) {
        Map<String, String> out = new TreeMap<>();
        written.forEach((key, value) -> {
            if (keys.contains(key)) {
                out.put(key, value);
            }
        });
        return out;
    }


    /** A {@code LIST} setting as written, read before the whole declaration is validated. */
    @SuppressWarnings("unchecked")
    private static List<String> list(String written) {
        return (List<String>) ConfigDef.parseType("list", written, ConfigDef.Type.LIST);
    }
}
