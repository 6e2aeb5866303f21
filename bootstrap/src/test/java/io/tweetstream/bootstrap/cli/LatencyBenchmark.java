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
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Delivery latency at a steady input rate, per engine (the Spark engine at several batch intervals), delivery mode and
 * rate, on one embedded broker, 6 partitions, the job in this JVM as a user configures it. For each run: fresh topics
 * and group; the job is started and tweets are sent at the rate from then on, until the first output arrives, then
 * for the warm-up (not measured), then for the measured duration; then the run waits for the measured tweets. Latency
 * is the time at which an independent {@code read_committed} consumer is handed an output ({@link
 * ArrivalLatencyWatcher}) minus its input record's CreateTime, set by the sending producer at send: p50, p90, p99,
 * max with HdrHistogram. "Achieved" is the rate actually sent in the measured window; "behind" the tweets sent but not
 * yet visible at the output when the sending ended, and the job group's lag then. A benchmark, not a test: it asserts
 * nothing. Writes {@code latency.csv} and draws {@code latency.png} (BenchmarkCharts). How to run: benchmarks/README.md.
 *
 * <p>System properties: {@code engines} (default {@code in-process,spark:200ms,spark:500ms,spark:1s}),
 * {@code deliveries} ({@code at-least-once,exactly-once}), {@code rates} (tweets/s, {@code 5000,20000,50000}),
 * {@code warmup} ({@code 10s}), {@code duration} ({@code 60s}), {@code drain} (how long the measured tweets may take
 * to arrive after the sending, {@code 60s}; then the run is not sustained), {@code results} ({@code benchmarks/results}),
 * {@code job} (further job settings for every run, {@code key=value;key=value}).
 */
public final class LatencyBenchmark {

    private static final int PARTITIONS = 6;
    /** From the job's start: how long its first output may take (the sending at the rate goes on meanwhile). */
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    /** The input's producer: our engines' output producer defaults, as an upstream job might have. */
    private static final Map<String, Object> SENDER_SETTINGS = EngineThroughputBenchmark.ENGINE_PRODUCER_SETTINGS;

    /** @param batch the Spark batch interval; zero for the in-process engine */
    record Setup(String engine, Duration batch, String delivery, int rate) {

        String label() {
            return (engine.equals("spark") ? "spark " + batch.toMillis() + "ms" : engine) + " " + delivery + " "
                    + rate + "/s";
        }

        /** Sustained: about the rate asked was sent, and the output was behind by at most a second or two batches. */
        long allowedBehind() {
            return (long) (rate * Math.max(1.0, 2 * batch.toMillis() / 1000.0));
        }
    }

    record Result(Setup setup, double achieved, long measured, long measuredSeen, Histogram latency, long behind,
                  long groupLag, double loadAverage, String failure) {

        boolean sustained() {
            return failure == null && achieved >= 0.95 * setup.rate() && behind <= setup.allowedBehind()
                    && measuredSeen >= measured;
        }

        long percentile(double p) {
            return latency.getValueAtPercentile(p);
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> engines = list("engines", "in-process,spark:200ms,spark:500ms,spark:1s");
        List<String> deliveries = list("deliveries", "at-least-once,exactly-once");
        List<Integer> rates = list("rates", "5000,20000,50000").stream().map(Integer::parseInt).toList();
        Duration warmup = duration(System.getProperty("warmup", "10s"));
        Duration measure = duration(System.getProperty("duration", "60s"));
        Duration drain = duration(System.getProperty("drain", "60s"));
        Path results = Path.of(System.getProperty("results", "benchmarks/results"));
        List<Setup> setups = new ArrayList<>();
        for (String engine : engines) {
            String[] parts = engine.split(":");
            Duration batch = parts.length > 1 ? duration(parts[1]) : Duration.ZERO;
            for (String delivery : deliveries) {
                for (int rate : rates) {
                    setups.add(new Setup(parts[0], batch, delivery, rate));
                }
            }
        }
        System.out.printf("%d runs of %d s warm-up + %d s measured each%n", setups.size(), warmup.toSeconds(),
                measure.toSeconds());
        List<Result> done = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            int n = 0;
            for (Setup setup : setups) {
                Result r = run(kafka, "lat-" + (++n), setup, warmup, measure, drain);
                done.add(r);
                System.out.println(line(r));
            }
        }
        printTable(done);
        ResultsCsv.write(results.resolve(BenchmarkCharts.LATENCY_CSV), BenchmarkCharts.LATENCY_COLUMNS,
                done.stream().filter(r -> r.failure() == null).map(LatencyBenchmark::csvRow).toList());
        System.out.println("wrote " + results.resolve(BenchmarkCharts.LATENCY_CSV) + " and "
                + BenchmarkCharts.renderLatency(results.resolve(BenchmarkCharts.LATENCY_CSV),
                results.resolve(BenchmarkCharts.LATENCY_PNG)));
    }

    private static Result run(EmbeddedKafka kafka, String prefix, Setup setup, Duration warmup, Duration measure,
                              Duration drain) throws Exception {
        String input = prefix + "-in";
        String output = prefix + "-out";
        String group = prefix + "-job";
        EngineThroughputBenchmark.createAndAwait(kafka, List.of(input, output, prefix + "-out.dlq"));
        long measureCount = (long) setup.rate() * measure.toSeconds();
        AtomicLongArray sentAt = new AtomicLongArray(Math.toIntExact(
                (long) setup.rate() * (READY_WITHIN.toSeconds() + warmup.toSeconds() + 1) + measureCount));
        AtomicReference<Throwable> jobFailure = new AtomicReference<>();
        AtomicInteger exitCode = new AtomicInteger(-1);
        AtomicBoolean stop = new AtomicBoolean();
        Thread job = new Thread(() -> {
            PipelineRunner runner = new PipelineRunner(TweetstreamConfig.load(Map.of(), null,
                    jobConfig(kafka, setup, input, output, group), null));
            try (ProcessLifecycle lifecycle = ProcessLifecycle.install()) {
                exitCode.set(runner.run(lifecycle, Duration.ofMillis(100), c -> { }, stop::get));
            }
        }, "latency-job");
        job.setUncaughtExceptionHandler((t, e) -> jobFailure.set(e));

        Map<String, Object> producerConfig = new HashMap<>(SENDER_SETTINGS);
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        AtomicReference<Exception> sendFailure = new AtomicReference<>();
        TweetCodec codec = AvroCodecs.factory(AvroCodecs.DEFAULT).create();
        TweetGenerator generator = new TweetGenerator(7);
        try (ArrivalLatencyWatcher watcher = new ArrivalLatencyWatcher(kafka.bootstrapServers(), PARTITIONS, output,
                sentAt);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            job.start();
            // The rate from the start, without a pause: the job meets it as it starts, and a tiny first batch does not
            // set Spark's backpressure estimate far below it. Ready: the first output arrived. Then the warm-up, not
            // measured; then the measured tweets. Record i is due at start + i / rate; when the sender is behind
            // (CPU), it catches up in a burst.
            long start = System.nanoTime();
            double nanosPerRecord = 1e9 / setup.rate();
            long readyDeadline = start + READY_WITHIN.toNanos();
            long warmupEnds = Long.MAX_VALUE;
            long first = -1;
            long end = Long.MAX_VALUE;
            long firstSentNanos = 0;
            long lastSentNanos = 0;
            for (int seq = 0; seq < end; seq++) {
                long due = start + (long) (seq * nanosPerRecord);
                long now = System.nanoTime();
                if (due - now > 1_000_000) {
                    TimeUnit.MILLISECONDS.sleep(1);
                } else if (due > now) {
                    LockSupport.parkNanos(due - now);
                }
                if (warmupEnds == Long.MAX_VALUE && watcher.seen() > 0) {
                    warmupEnds = System.nanoTime() + warmup.toNanos();
                } else if (warmupEnds == Long.MAX_VALUE && (now > readyDeadline || !job.isAlive())) {
                    break;
                }
                if (first < 0 && System.nanoTime() >= warmupEnds) {
                    first = seq;
                    end = seq + measureCount;
                    watcher.measure(first, end);
                    firstSentNanos = System.nanoTime();
                }
                long sentNow = System.currentTimeMillis(); // the record's CreateTime
                sentAt.set(seq, sentNow);
                producer.send(new ProducerRecord<>(input, null, sentNow, ArrivalLatencyWatcher.key(seq),
                        codec.encode(generator.next(seq))), (m, e) -> {
                            if (e != null) {
                                sendFailure.compareAndSet(null, e);
                            }
                        });
                lastSentNanos = System.nanoTime();
            }
            producer.flush();
            if (first < 0) {
                stop.set(true);
                job.join(TimeUnit.MINUTES.toMillis(2));
                return failed(setup, "no output within " + READY_WITHIN.toSeconds() + " s"
                        + (jobFailure.get() != null ? ", job failed: " + jobFailure.get() : "")
                        + (exitCode.get() > 0 ? ", job exit code " + exitCode.get() : ""));
            }
            long sent = end;
            long behind = sent - watcher.seen();
            long groupLag = groupLag(kafka, input, group);
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            // Never above the rate asked: a sender that started the window behind and caught up sent in less time.
            double achieved = measureCount / Math.max(measure.toNanos() / 1e9, (lastSentNanos - firstSentNanos) / 1e9);
            long drainUntil = System.nanoTime() + drain.toNanos();
            while (watcher.measuredSeen() < measureCount && System.nanoTime() < drainUntil && job.isAlive()) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            stop.set(true);
            job.join(TimeUnit.MINUTES.toMillis(2));
            long measuredSeen = watcher.measuredSeen();
            watcher.close();
            if (watcher.unknown() > 0) {
                System.out.printf("  %,d output records with an unknown key%n", watcher.unknown());
            }
            String failure = sendFailure.get() != null ? "sending failed: " + sendFailure.get()
                    : jobFailure.get() != null ? "job failed: " + jobFailure.get()
                    : exitCode.get() > 0 ? "job exit code " + exitCode.get() : null;
            return new Result(setup, achieved, measureCount, measuredSeen, watcher.latencyMs(), behind, groupLag,
                    load, failure);
        } finally {
            stop.set(true);
            job.join(TimeUnit.MINUTES.toMillis(2));
        }
    }

    private static Map<String, String> jobConfig(EmbeddedKafka kafka, Setup setup, String input, String output,
                                                 String group) {
        Map<String, String> config = new HashMap<>(Map.of(
                "engine", setup.engine(),
                "delivery", setup.delivery(),
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "input.topic", input,
                "output.topic", output,
                "dead-letter.topic", output + ".dlq",
                "kafka.group.id", group,
                "spark.master", "local[2]",
                "spark.conf.spark.ui.enabled", "false"));
        if (setup.engine().equals("spark")) {
            config.put("spark.batch-interval", setup.batch().toMillis() + "ms");
        }
        // Further job settings, e.g. -Djob=spark.backpressure.enabled=false;kafka.consumer.max.poll.records=500
        config.putAll(JobSettingsProperty.read());
        return config;
    }

    /** The input's end offsets minus what the job's group committed, over all partitions. */
    private static long groupLag(EmbeddedKafka kafka, String input, String group) throws Exception {
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(new TopicPartition(input, p), OffsetSpec.latest());
            }
            var ends = admin.listOffsets(latest).all().get();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            long lag = 0;
            for (var e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        }
    }

    private static Result failed(Setup setup, String why) {
        return new Result(setup, 0, 0, 0, new Histogram(3), 0, 0, 0, why);
    }

    private static String line(Result r) {
        if (r.failure() != null) {
            return r.setup().label() + ": FAILED, " + r.failure();
        }
        return String.format("%s: achieved %,.0f/s; p50 %d, p90 %d, p99 %d, max %d ms; %,d of %,d measured arrived; "
                        + "behind at the end of the sending %,d (group lag %,d); load average %.1f; %s",
                r.setup().label(), r.achieved(), r.percentile(50), r.percentile(90), r.percentile(99),
                r.latency().getMaxValue(), r.measuredSeen(), r.measured(), r.behind(), r.groupLag(), r.loadAverage(),
                r.sustained() ? "sustained" : "NOT sustained");
    }

    private static void printTable(List<Result> results) {
        System.out.printf("%n%-10s %6s %-14s %7s %9s %6s %6s %6s %7s %9s %10s %5s %s%n", "engine", "batch",
                "delivery", "rate", "achieved", "p50", "p90", "p99", "max", "behind", "group lag", "load",
                "sustained");
        for (Result r : results) {
            Setup s = r.setup();
            if (r.failure() != null) {
                System.out.printf("%-10s %6s %-14s %,7d failed: %s%n", s.engine(), batch(s), s.delivery(), s.rate(),
                        r.failure());
                continue;
            }
            if (r.measuredSeen() == 0) {
                System.out.printf("%-10s %6s %-14s %,7d %,9.0f none of the measured tweets arrived within the drain; "
                        + "behind %,d, group lag %,d, load %.1f%n", s.engine(), batch(s), s.delivery(), s.rate(),
                        r.achieved(), r.behind(), r.groupLag(), r.loadAverage());
                continue;
            }
            System.out.printf("%-10s %6s %-14s %,7d %,9.0f %6d %6d %6d %7d %,9d %,10d %5.1f %s%n", s.engine(),
                    batch(s), s.delivery(), s.rate(), r.achieved(), r.percentile(50), r.percentile(90),
                    r.percentile(99), r.latency().getMaxValue(), r.behind(), r.groupLag(), r.loadAverage(),
                    r.sustained() ? "yes" : "no");
        }
        System.out.println("(latency in ms: output handed to a read_committed consumer minus the input's CreateTime; "
                + "behind: sent but not yet visible at the output when the sending ended)");
    }

    private static List<String> csvRow(Result r) {
        Setup s = r.setup();
        return List.of(s.engine(), Long.toString(s.batch().toMillis()), s.delivery(), Integer.toString(s.rate()),
                String.format("%.0f", r.achieved()), Long.toString(r.measuredSeen()),
                Long.toString(r.percentile(50)), Long.toString(r.percentile(90)), Long.toString(r.percentile(99)),
                Long.toString(r.latency().getMaxValue()), Long.toString(r.behind()), Long.toString(r.groupLag()),
                Boolean.toString(r.sustained()), String.format("%.1f", r.loadAverage()));
    }

    private static String batch(Setup s) {
        return s.engine().equals("spark") ? s.batch().toMillis() + "ms" : "-";
    }

    private static List<String> list(String property, String defaults) {
        return Arrays.stream(System.getProperty(property, defaults).split(",")).map(String::strip)
                .filter(v -> !v.isEmpty()).toList();
    }

    /** {@code 500ms}, {@code 10s}, {@code 1s}. */
    static Duration duration(String text) {
        String t = text.strip();
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        throw new IllegalArgumentException("a duration like 500ms or 10s, got '" + text + "'");
    }

    private LatencyBenchmark() {
    }
}
