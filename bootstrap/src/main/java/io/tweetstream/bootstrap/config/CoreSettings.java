package io.tweetstream.bootstrap.config;

import io.tweetstream.adapter.avro.AvroCodecs;
import io.tweetstream.adapter.spark.SparkEngineSettings;
import io.tweetstream.domain.parallelism.ProcessingParallelism;
import io.tweetstream.domain.transform.TransformationCatalog;
import io.tweetstream.kafkasource.CommitFailures;
import io.tweetstream.plugin.SparkUnits;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Every setting of the application itself, declared once as Kafka declares its own (type, default, validator,
 * importance, documentation): the one source of the validation, the parsing, and the README's settings table. The
 * sink plug-ins declare theirs ({@code SinkPlugin.settings()}); keys under a pass-through prefix go to Kafka or
 * Spark ({@link PassThrough}).
 */
final class CoreSettings {

    static final String BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    static final String INPUT_TOPIC = "input.topic";
    static final String DEAD_LETTER_TOPIC = "dead-letter.topic";
    static final String CODEC = "codec";
    static final String SINKS = "sinks";
    static final String DELIVERY = "delivery";
    static final String AT_LEAST_ONCE = "at-least-once";
    static final String EXACTLY_ONCE = "exactly-once";
    static final String TRANSFORMATIONS = "transformations";
    static final String ENGINE = "engine";
    static final String IN_PROCESS_READERS = "in-process.readers";
    static final String METRICS_PORT = "metrics.port";
    static final String GROUP_ID = "kafka.group.id";
    static final String AUTO_OFFSET_RESET = "kafka.auto.offset.reset";
    static final String CHECK_TIMEOUT = "kafka.check-timeout";
    static final String COMMIT_MAX_FAILED = "commit.max-failed-batches";
    static final String EXTRA_KEYS = "kafka.extra-keys";
    static final String TOPICS_CREATE = "topics.create";
    static final String TOPICS_PARTITIONS = "topics.partitions";
    static final String TOPICS_REPLICATION = "topics.replication-factor";
    static final String POOL_MAX_TOTAL = "producer.pool.max-total";
    static final String POOL_MAX_WAIT = "producer.pool.max-wait";
    static final String POOL_EVICT_IDLE = "producer.pool.evict-idle-after";
    static final String PROCESSING = "processing.parallelism";
    static final String SPARK_MASTER = "spark.master";
    static final String SPARK_APP_NAME = "spark.app-name";
    static final String BATCH_INTERVAL = "spark.batch-interval";
    static final String MAX_RATE = "spark.max-rate-per-partition";
    static final String BACKPRESSURE = "spark.backpressure.enabled";
    static final String INITIAL_RATE = "spark.backpressure.initial-rate";

    static final List<String> ENGINES = List.of("spark", "in-process");

    private CoreSettings() {
    }

    static ConfigDef definition() {
        return new ConfigDef()
                .define(BOOTSTRAP_SERVERS, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, "the Kafka cluster (the demo starts an embedded broker when it is not set)")
                .define(INPUT_TOPIC, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, "topic the tweets are read from (demo: `tweets`)")
                .define(DEAD_LETTER_TOPIC, Type.STRING, null, Importance.MEDIUM,
                        "where undecodable records go, with reason headers; `<input.topic>.dlq` when not set")
                .define(CODEC, Type.STRING, AvroCodecs.DEFAULT,
                        ConfigDef.ValidString.in(AvroCodecs.BINARY, AvroCodecs.SINGLE_OBJECT), Importance.MEDIUM,
                        "wire format: `binary` (plain Avro, what the original example wrote) or `single-object` "
                                + "(Avro single-object encoding; schema evolution)")
                .define(SINKS, Type.LIST, "kafka", Importance.HIGH,
                        "where transformed tweets go: any sink plug-in on the class path (`kafka`, `file`, `stdout` in "
                                + "this distribution), or several (`kafka,file`: a fan-out; a batch is committed when "
                                + "every sink flushed)")
                .define(DELIVERY, Type.STRING, AT_LEAST_ONCE, ConfigDef.ValidString.in(AT_LEAST_ONCE, EXACTLY_ONCE),
                        Importance.HIGH, "`at-least-once`: a failure makes the job write some outputs again; "
                                + "`exactly-once` (with `sinks=kafka` alone): each batch's outputs, dead letters and "
                                + "input offsets are committed in one Kafka transaction, so `read_committed` readers "
                                + "see every output once (see README.md, Delivery guarantees)")
                .define(TRANSFORMATIONS, Type.STRING, "identity", parsedBy(TransformationCatalog::parse),
                        Importance.MEDIUM, "the chain, in order, e.g. `normalize, filter(keywords=spark|kafka; "
                                + "users=alice), redact`")
                .define(ENGINE, Type.STRING, "spark", ConfigDef.ValidString.in(ENGINES.toArray(String[]::new)),
                        Importance.HIGH, "the engine that runs the pipeline: `spark` (Spark Streaming) or `in-process` "
                                + "(plain kafka-clients in this JVM, one reader thread per partition)")
                .define(IN_PROCESS_READERS, Type.INT, null, whenSet(ConfigDef.Range.atLeast(1)), Importance.LOW,
                        "reader threads of the in-process engine; one per partition when not set")
                .define(METRICS_PORT, Type.INT, 0, ConfigDef.Range.between(0, 65_535), Importance.MEDIUM,
                        "in-process engine: the port of `/metrics` (Prometheus text) and `/health` (200 while running "
                                + "and the last delivery succeeded, else 503); 0: not served (demo: `9404`). The Spark "
                                + "engine serves its metrics on the Spark UI, `/metrics/prometheus/` (README.md, "
                                + "Monitoring)")
                .define(GROUP_ID, Type.STRING, "tweetstream", new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "consumer group; its committed offsets are the job's progress")
                .define(AUTO_OFFSET_RESET, Type.STRING, "earliest", ConfigDef.ValidString.in("earliest", "latest"),
                        Importance.MEDIUM, "where to start in partitions with no committed offset")
                .define(COMMIT_MAX_FAILED, Type.INT, CommitFailures.DEFAULT_MAX_FAILED_BATCHES,
                        ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                        "the job stops (exit 1, naming the cause) once the offset commits of this many batches in a "
                                + "row failed (in-process: polls, per reader); a later commit covers a failed one, so "
                                + "until then a restart re-reads at most these batches; `delivery=exactly-once`, "
                                + "in-process: polls in a row whose transaction failed (each aborted and read again)")
                .define(CHECK_TIMEOUT, Type.STRING, "30s", SparkUnits.durationValidator(), Importance.LOW,
                        "start-up topic checks give up after this")
                .define(EXTRA_KEYS, Type.LIST, "", Importance.LOW,
                        "keys a Kafka client plug-in reads itself (an interceptor's, a login callback's): accepted "
                                + "under `kafka.client.`, `kafka.consumer.` and `kafka.producer.` although Kafka does "
                                + "not know them")
                .define(TOPICS_CREATE, Type.BOOLEAN, false, Importance.MEDIUM,
                        "create missing topics at start-up (demo: `true`)")
                .define(TOPICS_PARTITIONS, Type.INT, 3, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "partitions of created topics")
                .define(TOPICS_REPLICATION, Type.SHORT, (short) 1, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "replication factor of created topics")
                .define(POOL_MAX_TOTAL, Type.INT, null, whenSet(ConfigDef.Range.atLeast(1)), Importance.LOW,
                        "producers per JVM at most; no cap when not set: a task holds one producer at most, so a JVM "
                                + "holds no more than the tasks it runs at once (an executor's task slots, "
                                + "`local[N]`'s N, the in-process readers)")
                .define(POOL_MAX_WAIT, Type.STRING, null, whenSet(SparkUnits.durationValidator()), Importance.LOW,
                        "how long a task waits for a free producer when `producer.pool.max-total` caps the pool; "
                                + "must be longer than the producer's `delivery.timeout.ms` (a slow broker then shows "
                                + "up as a delivery timeout); `delivery.timeout.ms` + 60s when not set")
                .define(POOL_EVICT_IDLE, Type.STRING, "5min", SparkUnits.durationValidator(), Importance.LOW,
                        "an idle producer is closed after this")
                .define(PROCESSING, Type.STRING, ProcessingParallelism.SAME_AS_READ,
                        parsedBy(ProcessingParallelism::parse), Importance.MEDIUM,
                        "tasks that process records; a number other than the partition count shuffles records by "
                                + "key (per-key order kept)")
                .define(SPARK_MASTER, Type.STRING, null, Importance.MEDIUM,
                        "Spark master URL; from spark-submit when not set (demo: `local[2]`)")
                .define(SPARK_APP_NAME, Type.STRING, "tweetstream", new ConfigDef.NonEmptyString(), Importance.LOW,
                        "Spark application name")
                .define(BATCH_INTERVAL, Type.STRING, "1s", SparkUnits.durationValidator(), Importance.HIGH,
                        "micro-batch interval")
                .define(MAX_RATE, Type.LONG, null, whenSet(ConfigDef.Range.atLeast(0)), Importance.MEDIUM,
                        "records per second per partition at most: a batch, the first after a start included, reads "
                                + "at most this x `spark.batch-interval` (in seconds) records per partition; default "
                                + "`" + SparkEngineSettings.DEFAULT_MAX_RATE_PER_PARTITION + "` (at least once, about "
                                + "what a crash makes the job deliver twice), `"
                                + SparkEngineSettings.DEFAULT_EXACTLY_ONCE_MAX_RATE_PER_PARTITION + "` with "
                                + "`delivery=exactly-once` (a crash delivers nothing twice; the cap keeps each "
                                + "transaction well inside its timeout); 0: no cap (a first batch then takes the whole "
                                + "backlog)")
                .define(BACKPRESSURE, Type.BOOLEAN, null, Importance.MEDIUM,
                        "let Spark adapt the rate to the processing speed; default `true`, `false` with "
                                + "`delivery=exactly-once`: each task pays a transaction and two committed-offset "
                                + "look-ups per batch, and backpressure, aiming at batches that take one "
                                + "`spark.batch-interval`, shrinks them to a few thousand records each until that cost "
                                + "dominates (1.7x fewer records/s measured); `spark.max-rate-per-partition` then sizes "
                                + "every batch")
                .define(INITIAL_RATE, Type.LONG, 0L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "records per second over all partitions for the first batches under backpressure, before "
                                + "Spark has measured a rate (still capped per partition); 0: the per-partition cap "
                                + "alone bounds them");
    }

    /** For an optional setting: {@code validator} applies only when a value is set. */
    private static ConfigDef.Validator whenSet(ConfigDef.Validator validator) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value != null) {
                    validator.ensureValid(name, value);
                }
            }

            @Override
            public String toString() {
                return validator.toString();
            }
        };
    }

    /** A setting whose value a domain parser checks; its message says what is accepted. */
    private static ConfigDef.Validator parsedBy(Function<String, ?> parser) {
        return (name, value) -> {
            try {
                parser.apply((String) value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        };
    }
}
