package io.tweetstream.bootstrap.job;

import io.tweetstream.adapter.avro.AvroCodecs;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.bootstrap.demo.TweetGenerator;
import io.tweetstream.testkit.EmbeddedKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A soak run: the job (a child JVM, as {@code tweetstream run} starts it) fed at a steady rate for a fixed time on
 * one embedded broker. Every 15 s it prints what the job has committed, its lag, and, sampled from outside the job's
 * process, the heap after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}), its live threads and open
 * files ({@code /proc}). A leak shows as a column that keeps growing. A benchmark: it asserts nothing.
 *
 * <p>Arguments: engine ({@code spark} or {@code in-process}), minutes, tweets per second.
 */
public final class SoakBenchmark {

    private static final int PARTITIONS = 6;
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(15);
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

    public static void main(String[] args) throws Exception {
        String engine = args.length > 0 ? args[0] : "in-process";
        Duration length = Duration.ofMinutes(args.length > 1 ? Long.parseLong(args[1]) : 10);
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); Admin admin = Admin.create(kafka.clientConfig())) {
            // Short retention: ten minutes at full speed would otherwise keep gigabytes on disk.
            Map<String, String> retention = Map.of("retention.ms", "120000", "segment.bytes", "33554432");
            List<NewTopic> topics = new ArrayList<>();
            for (String topic : List.of("soak-in", "soak-out", "soak-in.dlq")) {
                topics.add(new NewTopic(topic, PARTITIONS, (short) 1).configs(retention));
            }
            admin.createTopics(topics).all().get();

            AtomicLong written = new AtomicLong();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread producer = new Thread(() -> produce(kafka.bootstrapServers(), rate, written, running), "soak-input");
            producer.setDaemon(true); // whatever happens to the job, the input never keeps this JVM alive
            producer.start();
            try (JobProcess job = JobProcess.start("soak-" + engine, Map.of(
                    "kafka.bootstrap.servers", kafka.bootstrapServers(), "engine", engine,
                    "input.topic", "soak-in", "output.topic", "soak-out", "kafka.group.id", "soak"))) {
                System.out.printf("soak: %s engine, %,d tweets/s for %d min, job pid %d, log %s%n",
                        engine, rate, length.toMinutes(), job.pid(), job.log());
                System.out.printf("%6s %12s %12s %10s %10s %14s %8s %10s%n",
                        "t (s)", "written", "committed", "lag", "rec/s", "heap after GC", "threads", "open files");
                long start = System.nanoTime();
                long previous = 0;
                long previousAt = start;
                while (System.nanoTime() - start < length.toNanos() && job.isAlive()) {
                    Thread.sleep(SAMPLE_EVERY.toMillis());
                    if (!job.isAlive()) {
                        break; // nothing left to sample in /proc
                    }
                    long committed = committed(admin);
                    long now = System.nanoTime();
                    long lag = end(admin) - committed;
                    // the rate over the real interval: sampling (a full GC in the job) takes time too
                    System.out.printf("%6d %,12d %,12d %,10d %,10d %10.1f MiB %8d %10d%n",
                            (now - start) / 1_000_000_000L, written.get(), committed, lag,
                            (committed - previous) * 1_000_000_000L / Math.max(1, now - previousAt),
                            heapAfterGcMiB(job.pid()), threads(job.pid()), openFiles(job.pid()));
                    previous = committed;
                    previousAt = now;
                }
                running.set(false);
                producer.join();
                if (!job.isAlive()) {
                    System.out.println("the job ended early: " + job.tail(30));
                    return;
                }
                job.sigterm();
                job.await(Duration.ofMinutes(2));
                System.out.printf("written %,d, committed %,d, job exit %d%n", written.get(), committed(admin),
                        job.isAlive() ? -1 : job.exitValue());
            }
        }
    }

    /** Steady input: a slice of tweets every 10 ms, so the rate holds over any 15 s sample. */
    private static void produce(String bootstrap, int rate, AtomicLong written, AtomicBoolean running) {
        TweetCodec codec = AvroCodecs.factory(AvroCodecs.BINARY).create();
        TweetGenerator generator = new TweetGenerator(7);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new ByteArraySerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            while (running.get()) {
                long due = (System.nanoTime() - start) / 1_000_000L * rate / 1_000L;
                while (written.get() < due) {
                    var tweet = generator.next(written.get());
                    producer.send(new ProducerRecord<>("soak-in", tweet.username().getBytes(StandardCharsets.UTF_8),
                            codec.encode(tweet)));
                    written.incrementAndGet();
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long committed(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets =
                admin.listConsumerGroupOffsets("soak").partitionsToOffsetAndMetadata().get();
        return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    }

    private static long end(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            latest.put(new TopicPartition("soak-in", p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
    }

    private static double heapAfterGcMiB(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        Matcher used = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
        return used.find() ? Long.parseLong(used.group(1)) / 1024.0 : Double.NaN;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(30, TimeUnit.SECONDS);
        return output;
    }

    private static long threads(long pid) throws IOException {
        try (Stream<String> status = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            return status.filter(line -> line.startsWith("Threads:"))
                    .mapToLong(line -> Long.parseLong(line.substring("Threads:".length()).trim())).findFirst().orElse(-1);
        }
    }

    private static long openFiles(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        }
    }
}
