package io.tweetstream.bootstrap.cli;

import static org.awaitility.Awaitility.await;

import io.tweetstream.adapter.avro.AvroCodecs;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.benchmarks.charts.BenchmarkCharts;
import io.tweetstream.benchmarks.charts.ResultsCsv;
import io.tweetstream.bootstrap.config.TweetstreamConfig;
import io.tweetstream.bootstrap.demo.TweetGenerator;
import io.tweetstream.bootstrap.lifecycle.ProcessLifecycle;
import io.tweetstream.testkit.EmbeddedKafka;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * In one run on one embedded broker, over the same input (tweets, one in {@value #POISON_EVERY} of them undecodable),
 * each {@link #CONTESTANTS contestant} in turn: a plain kafka-clients copy (no decoding, the floor of what Kafka
 * allows here), Kafka Streams running our job in both its delivery modes (the baseline), the Spark engine and the
 * in-process engine. Each writes to topics of its own; an independent {@code read_committed} consumer
 * ({@link ReadCommittedWatcher}) decides when its first output was visible and when all of it was ("done"). Prints a
 * table: records/s (input records over the time from start to done), the ratio to Kafka Streams
 * {@code exactly_once_v2} and to the copy, time to first output, peak heap; writes it as {@code throughput.csv} and
 * draws {@code throughput.png}. A benchmark, not a test: it asserts nothing. How to run it: benchmarks/README.md.
 *
 * <p>System properties: {@code contestants} (slugs, comma-separated, in the order to run; all by default),
 * {@code batch.interval} (the Spark engine's, 500ms by default), {@code results} (where the CSV and the chart go,
 * {@code benchmarks/results} by default), {@code warmup} (records each contestant first runs over, unmeasured, so that
 * class loading and JIT are not charged to whichever contestant of a kind runs first; 200,000 by default, 0 for none),
 * {@code job} (further settings of our engines' runs, {@code key=value;key=value}).
 */
public final class EngineThroughputBenchmark {

    private static final int PARTITIONS = 6;
    private static final String INPUT = "bench-in";
    private static final String WARMUP_INPUT = "warmup-in";
    /** Topic prefixes of the measured runs and of the warm-up runs. */
    private static final String MEASURED = "bench-";
    private static final String WARMUP = "warmup-";
    /** Every this many input records, one is cut short (undecodable): each contestant's dead-letter path works. */
    private static final int POISON_EVERY = 10_000;
    /** A contestant that has not delivered everything by then is reported as incomplete. */
    private static final Duration DEADLINE = Duration.ofMinutes(5);
    /** How long after "done" an engine's run may go on until its own counters say so too (printed, not counted). */
    private static final Duration OWN_COUNT_WAIT = Duration.ofSeconds(5);
    /**
     * Stream threads of the Kafka Streams baseline: one per input partition, as the in-process engine's readers and
     * the Spark engine's tasks per batch (which local[2] runs two at a time).
     */
    private static final int STREAM_THREADS = PARTITIONS;
    /** Our engines' producer defaults (adapters-kafka's {@code ProducerSettings.SAFE_DEFAULTS}), for a fair copy. */
    static final Map<String, Object> ENGINE_PRODUCER_SETTINGS = Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
            ProducerConfig.LINGER_MS_CONFIG, 5,
            ProducerConfig.BATCH_SIZE_CONFIG, 131_072);

    /**
     * Who runs, in order: each contestant names the at-least-once run of the same engine (the "x own ALOS" column),
     * if it is an exactly-once one.
     */
    private static final List<Contestant> CONTESTANTS = List.of(
            new Contestant("copy", "plain kafka-clients copy", "at-least-once", null,
                    EngineThroughputBenchmark::plainCopy),
            new Contestant("streams-alos", "Kafka Streams", StreamsConfig.AT_LEAST_ONCE, null,
                    kafkaStreams(StreamsConfig.AT_LEAST_ONCE)),
            new Contestant("streams-eos", "Kafka Streams", StreamsConfig.EXACTLY_ONCE_V2, "streams-alos",
                    kafkaStreams(StreamsConfig.EXACTLY_ONCE_V2)),
            new Contestant("spark", "Spark engine, local[2]", "at-least-once", null, engine("spark", Map.of())),
            new Contestant("spark-eos", "Spark engine, local[2]", "exactly-once", "spark",
                    engine("spark", Map.of("delivery", "exactly-once"))),
            new Contestant("in-process", "in-process engine", "at-least-once", null, engine("in-process", Map.of())),
            new Contestant("in-process-eos", "in-process engine", "exactly-once", "in-process",
                    engine("in-process", Map.of("delivery", "exactly-once"))));

    /** The ratio column's reference. */
    private static final String REFERENCE = "streams-eos";

    /**
     * @param slug short name: topic names, the {@code contestants} property
     * @param delivery the delivery mode as the contestant itself names it
     * @param atLeastOnce the slug of the same engine's at-least-once run, for an exactly-once one; else null
     * @param run runs it to done on its own topics
     */
    record Contestant(String slug, String name, String delivery, String atLeastOnce, Run run) {
    }

    @FunctionalInterface
    interface Run {
        /**
         * Starts at {@code start} (System.nanoTime()), runs until {@code run.watcher()} says done or the deadline
         * passed, then stops (not counted).
         *
         * @return System.nanoTime() when the contestant acknowledged its last record itself, if it can tell
         */
        Optional<Long> run(RunContext run) throws Exception;
    }

    /** What one contestant's run is given: the broker, the input and its own output topics. */
    record RunContext(EmbeddedKafka kafka, String input, int records, String output, String deadLetters,
                      ReadCommittedWatcher watcher, long start) {

        long expectedOutput(boolean decodes) {
            return decodes ? records - poison(records) : records;
        }
    }

    /** @param steady output records/s between 10% and 90% of the output visible ({@link ReadCommittedWatcher}) */
    record Result(Contestant contestant, int records, long start, long firstOutput, long done, Optional<Long> acked,
                  long outputSeen, long deadLettersSeen, long peakHeapMiB, double steady) {

        boolean complete() {
            return done != 0;
        }

        double recordsPerSecond() {
            return records / seconds(done);
        }

        double steadyRecordsPerSecond() {
            return steady;
        }

        double seconds(long at) {
            return (at - start) / 1e9;
        }
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        List<Contestant> chosen = chosen(System.getProperty("contestants"));
        int warmup = Integer.getInteger("warmup", 200_000);
        List<Result> results = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            System.out.printf("embedded broker ready in %d ms%n", kafka.startupTime().toMillis());
            List<String> topics = new ArrayList<>(List.of(INPUT, WARMUP_INPUT));
            for (Contestant c : chosen) {
                for (String prefix : List.of(MEASURED, WARMUP)) {
                    topics.add(outputTopic(prefix, c));
                    topics.add(deadLetterTopic(prefix, c));
                }
            }
            createAndAwait(kafka, topics);
            long bytes = load(kafka.bootstrapServers(), INPUT, records);
            System.out.printf("loaded %,d records into %s (%d partitions, %,d of them undecodable), %.0f bytes "
                    + "per record on average%n", records, INPUT, PARTITIONS, poison(records), (double) bytes / records);

            if (warmup > 0) {
                // Class loading and JIT otherwise go to whichever contestant of a kind runs first (up to 2x).
                load(kafka.bootstrapServers(), WARMUP_INPUT, warmup);
                System.out.printf("warm-up: each contestant once over %,d records of %s, not counted%n", warmup,
                        WARMUP_INPUT);
                for (Contestant c : chosen) {
                    run(kafka, WARMUP_INPUT, warmup, c, WARMUP);
                }
            }
            for (Contestant c : chosen) {
                results.add(run(kafka, INPUT, records, c, MEASURED));
            }
            printTable(results);
        }
        writeResults(results, Path.of(System.getProperty("results", "benchmarks/results")));
    }

    /** The table as {@code throughput.csv} (complete runs), and its chart {@code throughput.png} (BenchmarkCharts). */
    private static void writeResults(List<Result> results, Path dir) throws IOException {
        Optional<Result> reference = results.stream()
                .filter(r -> r.contestant().slug().equals(REFERENCE) && r.complete()).findFirst();
        Optional<Result> copy = results.stream()
                .filter(r -> r.contestant().slug().equals("copy") && r.complete()).findFirst();
        List<List<String>> rows = results.stream().filter(Result::complete).map(r -> List.of(r.contestant().slug(),
                r.contestant().name().replace(",", ""), r.contestant().delivery(), Integer.toString(r.records()),
                String.format("%.0f", r.recordsPerSecond()), ratio(r, reference), ratio(r, copy),
                String.format("%.2f", r.seconds(r.firstOutput())), Long.toString(r.peakHeapMiB()),
                String.format("%.0f", r.steadyRecordsPerSecond()), steadyRatio(r, reference))).toList();
        Path csv = dir.resolve(BenchmarkCharts.THROUGHPUT_CSV);
        ResultsCsv.write(csv, BenchmarkCharts.THROUGHPUT_COLUMNS, rows);
        System.out.println("wrote " + csv + " and "
                + BenchmarkCharts.renderThroughput(csv, dir.resolve(BenchmarkCharts.THROUGHPUT_PNG)));
    }

    private static Result run(EmbeddedKafka kafka, String input, int records, Contestant c, String prefix)
            throws Exception {
        boolean decodes = !c.slug().equals("copy");
        long expectedOutput = decodes ? records - poison(records) : records;
        long expectedDead = decodes ? poison(records) : 0;
        resetPeakHeap();
        String output = outputTopic(prefix, c);
        String deadLetters = deadLetterTopic(prefix, c);
        ReadCommittedWatcher watcher = new ReadCommittedWatcher(kafka.bootstrapServers(), PARTITIONS, output,
                expectedOutput, deadLetters, expectedDead);
        long start = System.nanoTime();
        Optional<Long> acked;
        try (watcher) {
            acked = c.run().run(new RunContext(kafka, input, records, output, deadLetters, watcher, start));
        }
        long peak = peakHeapMiB();
        Result r = new Result(c, records, start, watcher.firstOutputNanos(), watcher.doneNanos(), acked,
                watcher.outputSeen(), watcher.deadLettersSeen(), peak, watcher.steadyRecordsPerSecond());
        System.out.printf("%s%s (%s): %s; visible to read_committed at the end: %,d of %,d outputs, %,d of %,d dead "
                        + "letters; first output after %.2f s%s; peak heap %d MiB%n",
                prefix.equals(WARMUP) ? "warm-up, " : "", c.name(), c.delivery(),
                r.complete() ? String.format("all visible after %.2f s, %,.0f records/s (steady %,.0f)",
                        r.seconds(r.done()), r.recordsPerSecond(), r.steadyRecordsPerSecond())
                        : "INCOMPLETE after " + DEADLINE,
                r.outputSeen(), expectedOutput, r.deadLettersSeen(), expectedDead,
                r.firstOutput() == 0 ? Double.NaN : r.seconds(r.firstOutput()),
                acked.map(at -> String.format("; its own count of acknowledged records complete after %.2f s",
                        r.seconds(at))).orElse(""),
                peak);
        return r;
    }

    private static void printTable(List<Result> results) {
        Map<String, Result> complete = new HashMap<>();
        results.stream().filter(Result::complete).forEach(r -> complete.put(r.contestant().slug(), r));
        Optional<Result> reference = Optional.ofNullable(complete.get(REFERENCE));
        Optional<Result> copy = Optional.ofNullable(complete.get("copy"));
        System.out.printf("%n%-26s %-16s %10s %8s %8s %10s %8s %8s %8s %8s %12s %10s%n", "contestant", "delivery",
                "records/s", "x KS EOS", "x ALOS", "steady/s", "x KS EOS", "x ALOS", "x copy", "", "first output",
                "peak heap");
        for (Result r : results) {
            if (!r.complete()) {
                System.out.printf("%-26s %-16s %10s%n", r.contestant().name(), r.contestant().delivery(),
                        "incomplete");
                continue;
            }
            Optional<Result> own = Optional.ofNullable(r.contestant().atLeastOnce()).map(complete::get);
            System.out.printf("%-26s %-16s %,10.0f %8s %8s %,10.0f %8s %8s %8s %8s %10.2f s %6d MiB%n",
                    r.contestant().name(), r.contestant().delivery(), r.recordsPerSecond(), ratio(r, reference),
                    ratio(r, own), r.steadyRecordsPerSecond(), steadyRatio(r, reference), steadyRatio(r, own),
                    ratio(r, copy), "", r.seconds(r.firstOutput()), r.peakHeapMiB());
        }
        System.out.printf("(records/s: %,d input records over the time from start until all output and dead letters "
                + "were visible to a read_committed consumer; steady/s: output records per second between 10%% and "
                + "90%% of the output visible; x KS EOS: to Kafka Streams exactly_once_v2; x ALOS: an exactly-once "
                + "run to the same engine's at-least-once run; %d stream threads for Kafka Streams)%n",
                results.isEmpty() ? 0 : results.get(0).records(), STREAM_THREADS);
    }

    private static String ratio(Result r, Optional<Result> to) {
        return to.map(t -> String.format("%.2f", r.recordsPerSecond() / t.recordsPerSecond())).orElse("-");
    }

    private static String steadyRatio(Result r, Optional<Result> to) {
        return to.map(t -> String.format("%.2f", r.steadyRecordsPerSecond() / t.steadyRecordsPerSecond()))
                .orElse("-");
    }

    private static List<Contestant> chosen(String slugs) {
        if (slugs == null || slugs.isBlank()) {
            return CONTESTANTS;
        }
        Map<String, Contestant> bySlug = new LinkedHashMap<>();
        CONTESTANTS.forEach(c -> bySlug.put(c.slug(), c));
        List<Contestant> chosen = new ArrayList<>();
        for (String slug : slugs.split(",")) {
            Contestant c = bySlug.get(slug.strip());
            if (c == null) {
                throw new IllegalArgumentException(
                        "unknown contestant '" + slug.strip() + "'; known: " + bySlug.keySet());
            }
            chosen.add(c);
        }
        return chosen;
    }

    private static String outputTopic(String prefix, Contestant c) {
        return prefix + c.slug();
    }

    private static String deadLetterTopic(String prefix, Contestant c) {
        return prefix + c.slug() + ".dlq";
    }

    static long poison(int records) {
        return records / POISON_EVERY;
    }

    static void createAndAwait(EmbeddedKafka kafka, List<String> topics) throws Exception {
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            admin.createTopics(topics.stream().map(t -> new NewTopic(t, PARTITIONS, (short) 1)).toList()).all().get();
            // Leaders in the metadata are not enough right after creation (KAFKA-15591, see PLATFORM.md): wait until
            // every partition answers a ListOffsets.
            Map<TopicPartition, OffsetSpec> all = new HashMap<>();
            for (String t : topics) {
                for (int p = 0; p < PARTITIONS; p++) {
                    all.put(new TopicPartition(t, p), OffsetSpec.latest());
                }
            }
            await("every partition answers").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> admin.listOffsets(all).all().get().size() == all.size());
        }
    }

    private static long load(String bootstrap, String topic, int records) {
        TweetCodec codec = AvroCodecs.factory(AvroCodecs.DEFAULT).create();
        TweetGenerator generator = new TweetGenerator(1);
        long bytes = 0;
        AtomicReference<Exception> failed = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 262_144,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records; i++) {
                var tweet = generator.next(i);
                byte[] value = codec.encode(tweet);
                if (i % POISON_EVERY == POISON_EVERY - 1) {
                    value = TweetGenerator.truncated(value);
                }
                bytes += value.length;
                byte[] key = tweet.username().getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, key, value), (metadata, e) -> {
                    if (e != null) {
                        failed.compareAndSet(null, e);
                    }
                });
            }
        }
        if (failed.get() != null) {
            throw new IllegalStateException("loading the input failed", failed.get());
        }
        return bytes;
    }

    /** The floor: bytes from input to output, one consumer thread per partition, one shared producer. */
    private static Optional<Long> plainCopy(RunContext run) throws Exception {
        String bootstrap = run.kafka().bootstrapServers();
        Map<String, Object> producerConfig = new HashMap<>(ENGINE_PRODUCER_SETTINGS);
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        long acked;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            List<Thread> readers = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                TopicPartition tp = new TopicPartition(run.input(), p);
                Thread reader = new Thread(() -> {
                    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                            new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                        consumer.assign(List.of(tp));
                        consumer.seekToBeginning(List.of(tp));
                        long end = consumer.endOffsets(List.of(tp)).get(tp);
                        while (consumer.position(tp) < end) {
                            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                                producer.send(new ProducerRecord<>(run.output(), r.key(), r.value()));
                            }
                        }
                    }
                }, "copy-" + p);
                reader.start();
                readers.add(reader);
            }
            for (Thread reader : readers) {
                reader.join();
            }
            producer.flush();
            acked = System.nanoTime();
            run.watcher().awaitDone(DEADLINE);
        }
        return Optional.of(acked);
    }

    /** Kafka Streams running our job (see {@link KafkaStreamsBaseline}) with {@code guarantee}. */
    private static Run kafkaStreams(String guarantee) {
        return run -> {
            TweetstreamConfig defaults = TweetstreamConfig.load(Map.of(), null, Map.of(
                    "kafka.bootstrap.servers", run.kafka().bootstrapServers(), "input.topic", run.input(),
                    "output.topic", run.output()), null);
            Path stateDir = Files.createTempDirectory("bench-kafka-streams");
            AtomicReference<Throwable> failed = new AtomicReference<>();
            KafkaStreams streams = new KafkaStreams(
                    KafkaStreamsBaseline.topology(run.input(), run.output(), run.deadLetters(),
                            AvroCodecs.factory(defaults.codec()), defaults.transformations()),
                    KafkaStreamsBaseline.config(run.kafka().bootstrapServers(), run.output(), guarantee,
                            STREAM_THREADS, ENGINE_PRODUCER_SETTINGS, stateDir));
            try {
                streams.setUncaughtExceptionHandler(e -> {
                    failed.compareAndSet(null, e);
                    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
                });
                streams.start();
                long deadline = System.nanoTime() + DEADLINE.toNanos();
                while (!run.watcher().awaitDone(Duration.ofMillis(200)) && failed.get() == null
                        && System.nanoTime() < deadline) {
                    // waiting: the watcher notes the time
                }
                if (failed.get() != null) {
                    System.out.printf("Kafka Streams (%s) failed: %s%n", guarantee, failed.get());
                }
            } finally {
                streams.close(Duration.ofSeconds(60));
                deleteTree(stateDir);
            }
            return Optional.empty();
        };
    }

    /** One of our engines, configured as a user would, plus {@code settings} (e.g. a delivery mode). */
    private static Run engine(String engine, Map<String, String> settings) {
        return run -> {
            Map<String, String> config = new HashMap<>(Map.of(
                    "engine", engine,
                    "kafka.bootstrap.servers", run.kafka().bootstrapServers(),
                    "input.topic", run.input(),
                    "output.topic", run.output(),
                    "dead-letter.topic", run.deadLetters(),
                    "kafka.group.id", run.output(),
                    "spark.master", "local[2]",
                    "spark.batch-interval", System.getProperty("batch.interval", "500ms"),
                    "spark.conf.spark.ui.enabled", "false"));
            config.putAll(settings);
            config.putAll(JobSettingsProperty.read());
            PipelineRunner runner = new PipelineRunner(TweetstreamConfig.load(Map.of(), null, config, null));
            long expected = run.expectedOutput(true);
            long deadline = run.start() + DEADLINE.toNanos();
            AtomicLong acked = new AtomicLong();
            try (ProcessLifecycle lifecycle = ProcessLifecycle.install()) {
                // Done when everything is visible to read_committed; the graceful stop that follows is not counted.
                // It waits a little for the engine's own count too (the earlier measure of done, printed beside):
                // Spark's driver counts a batch only after all its tasks delivered.
                runner.run(lifecycle, Duration.ofMillis(50), c -> { }, () -> {
                    long now = System.nanoTime();
                    if (runner.counters().produced() >= expected) {
                        acked.compareAndSet(0, now);
                    }
                    boolean visible = run.watcher().isDone();
                    return visible && (acked.get() != 0 || now - run.watcher().doneNanos() > OWN_COUNT_WAIT.toNanos())
                            || now > deadline;
                });
            }
            return acked.get() == 0 ? Optional.empty() : Optional.of(acked.get());
        };
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void resetPeakHeap() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long peakHeapMiB() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }

    private EngineThroughputBenchmark() {
    }
}
