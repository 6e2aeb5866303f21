package io.tweetstream.bootstrap.cli;

import static org.awaitility.Awaitility.await;

import io.tweetstream.adapter.avro.AvroCodecs;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.bootstrap.config.TweetstreamConfig;
import io.tweetstream.bootstrap.demo.TweetGenerator;
import io.tweetstream.bootstrap.lifecycle.ProcessLifecycle;
import io.tweetstream.testkit.EmbeddedKafka;
import io.tweetstream.testkit.TestTopics;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
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

/**
 * Prints, in one run on one embedded broker: (a) a plain kafka-clients copy of the input topic (one consumer per
 * partition, one shared producer, no decoding), the baseline; (b) the Spark engine on local[2] and (c) the
 * in-process engine, both doing the full decode, transform, encode, publish path. A benchmark, not a test: it asserts nothing. Command in README.md.
 */
public final class EngineThroughputBenchmark {

    private static final int PARTITIONS = 6;

    public static void main(String[] args) throws Exception {
        int tweets = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            System.out.printf("embedded broker ready in %d ms%n", kafka.startupTime().toMillis());
            TestTopics topics = new TestTopics(kafka); // waits until every partition serves (KAFKA-15591)
            for (String t : List.of("bench-in", "bench-copy", "bench-spark", "bench-in-process", "bench-in.dlq")) {
                topics.createNamed(t, PARTITIONS, Map.of());
            }
            long bytes = load(kafka.bootstrapServers(), tweets);
            System.out.printf("loaded %,d tweets into bench-in (%d partitions), %.0f bytes per record on average%n",
                    tweets, PARTITIONS, (double) bytes / tweets);

            double copy = plainCopy(kafka.bootstrapServers(), tweets);
            double spark = engine(kafka, tweets, "spark", "bench-spark");
            double inProcess = engine(kafka, tweets, "in-process", "bench-in-process");
            System.out.printf("%n%-18s %12s %8s%n", "", "records/s", "x copy");
            System.out.printf("%-18s %,12.0f %8.2f%n", "plain copy", copy, 1.0);
            System.out.printf("%-18s %,12.0f %8.2f%n", "spark engine", spark, spark / copy);
            System.out.printf("%-18s %,12.0f %8.2f%n", "in-process engine", inProcess, inProcess / copy);
        }
    }

    private static long load(String bootstrap, int tweets) {
        TweetCodec codec = AvroCodecs.factory("binary").create();
        TweetGenerator generator = new TweetGenerator(1);
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = fastProducer(bootstrap)) {
            for (int i = 0; i < tweets; i++) {
                var tweet = generator.next(i);
                byte[] value = codec.encode(tweet);
                bytes += value.length;
                producer.send(new ProducerRecord<>("bench-in", tweet.username().getBytes(StandardCharsets.UTF_8), value));
            }
        }
        return bytes;
    }

    /** The baseline: bytes from input to output, one consumer thread per partition, one shared producer. */
    private static double plainCopy(String bootstrap, int tweets) throws Exception {
        resetPeakHeap();
        long start = System.nanoTime();
        AtomicLong copied = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = safeProducer(bootstrap)) {
            List<Thread> readers = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                TopicPartition tp = new TopicPartition("bench-in", p);
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
                                producer.send(new ProducerRecord<>("bench-copy", r.key(), r.value()));
                                copied.incrementAndGet();
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
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("plain copy: %,d records in %.2f s, peak heap %d MiB%n", copied.get(), seconds, peakHeapMiB());
        return copied.get() / seconds;
    }

    private static double engine(EmbeddedKafka kafka, int tweets, String engine, String output) throws Exception {
        resetPeakHeap();
        TweetstreamConfig config = TweetstreamConfig.load(Map.of(), null, Map.of(
                "engine", engine,
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "input.topic", "bench-in",
                "output.topic", output,
                "kafka.group.id", "bench-" + engine,
                "spark.master", "local[2]",
                "spark.batch-interval", System.getProperty("batch.interval", "500ms"),
                "spark.conf.spark.ui.enabled", "false"), null);
        long start = System.nanoTime();
        PipelineRunner runner = new PipelineRunner(config);
        AtomicLong firstOutputNanos = new AtomicLong();
        Thread watcher = new Thread(() -> firstOutputNanos.set(awaitFirstOutput(kafka, output)), "first-output");
        watcher.setDaemon(true);
        watcher.start();
        AtomicLong doneNanos = new AtomicLong();
        // Done when the last record is acknowledged; the graceful stop that follows is not counted.
        try (ProcessLifecycle lifecycle = ProcessLifecycle.install()) {
            runner.run(lifecycle, Duration.ofMillis(50), c -> { }, () -> {
                boolean done = runner.counters().produced() >= tweets;
                if (done) {
                    doneNanos.compareAndSet(0, System.nanoTime());
                }
                return done;
            });
        }
        double seconds = (doneNanos.get() - start) / 1e9;
        watcher.join(1000);
        System.out.printf("%s engine: %,d records in %.2f s from start, first output after %.2f s, peak heap %d MiB%n",
                engine, runner.counters().produced(), seconds, (firstOutputNanos.get() - start) / 1e9, peakHeapMiB());
        return runner.counters().produced() / seconds;
    }

    private static long awaitFirstOutput(EmbeddedKafka kafka, String output) {
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(new TopicPartition(output, p), OffsetSpec.latest());
            }
            // No bound: the watcher is a daemon thread, and this thread polls (Awaitility's own thread would not be).
            await("first output in " + output).forever().pollInSameThread()
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .until(() -> admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum(),
                            total -> total > 0);
            return System.nanoTime();
        } catch (Exception e) {
            return 0;
        }
    }

    private static KafkaProducer<byte[], byte[]> fastProducer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 262_144,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The same delivery settings as the engine's producers, so the comparison is fair. */
    private static KafkaProducer<byte[], byte[]> safeProducer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 131_072,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new ByteArraySerializer(), new ByteArraySerializer());
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
