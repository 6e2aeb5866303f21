package io.tweetstream.bootstrap.cli;

import io.tweetstream.adapter.avro.AvroCodecs;
import io.tweetstream.application.fake.NumberedTweets;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.bootstrap.job.GroupLag;
import io.tweetstream.bootstrap.job.JobProcess;
import io.tweetstream.bootstrap.job.NumberedOutput;
import io.tweetstream.testkit.EmbeddedKafka;
import io.tweetstream.testkit.TestTopics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * kill -9 during a catch-up: a backlog of numbered tweets waits in a fresh embedded broker, the job (the CLI as a
 * child JVM, local mode, default settings) is killed with SIGKILL some seconds after its start, then restarted in the
 * same group. Prints records in and out, duplicates (by content, read {@code read_committed}), and the time from
 * the restart until every tweet had arrived. A benchmark, not a test: it asserts nothing. Command in README.md.
 *
 * <p>Arguments: tweets (1,000,000), when to kill (seconds from start, {@code 12}; or {@code <N>out}: once N distinct
 * tweets are out), engine ({@code spark}), then any {@code key=value} settings for the job.
 */
public final class KillDuringBacklogBenchmark {

    private static final int PARTITIONS = 6;
    private static final Duration RECOVERY_LIMIT = Duration.ofMinutes(10);

    public static void main(String[] args) throws Exception {
        int tweets = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String killAfter = args.length > 1 ? args[1] : "12";
        String engine = args.length > 2 ? args[2] : "spark";
        Map<String, String> extra = new LinkedHashMap<>();
        for (int i = 3; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            extra.put(kv[0], kv[1]);
        }
        TweetCodec codec = AvroCodecs.factory(AvroCodecs.BINARY).create();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            TestTopics topics = new TestTopics(kafka);
            for (String topic : List.of("backlog-in", "backlog-out", "backlog-in.dlq")) {
                topics.createNamed(topic, PARTITIONS, Map.of());
            }
            long refused = load(kafka.bootstrapServers(), codec, tweets);
            if (refused > 0) {
                System.out.printf("WARNING: the broker refused %,d of the tweets written; figures are off%n", refused);
            }
            System.out.printf("%,d tweets waiting in backlog-in (%d partitions); engine %s, settings %s%n",
                    tweets, PARTITIONS, engine, extra);

            Map<String, String> settings = new LinkedHashMap<>(Map.of(
                    "kafka.bootstrap.servers", kafka.bootstrapServers(), "engine", engine,
                    "input.topic", "backlog-in", "output.topic", "backlog-out", "kafka.group.id", "backlog"));
            settings.putAll(extra);
            try (NumberedOutput output = new NumberedOutput(kafka.bootstrapServers(), "backlog-out", codec)) {
                long started = System.nanoTime();
                try (JobProcess first = JobProcess.start("backlog-" + engine + "-first", settings)) {
                    if (killAfter.endsWith("out")) {
                        // On a loaded machine a fixed delay may land before the first output or after the last one.
                        output.awaitDistinct(Integer.parseInt(killAfter.replace("out", "")), RECOVERY_LIMIT);
                    } else {
                        Thread.sleep(Long.parseLong(killAfter) * 1000L);
                    }
                    first.sigkill();
                }
                double killedAt = (System.nanoTime() - started) / 1e9;
                output.readToEnd(Duration.ofSeconds(60));
                int beforeRestart = output.distinct();
                long readBeforeRestart = output.read();
                long restart = System.nanoTime();
                boolean complete;
                try (JobProcess second = JobProcess.start("backlog-" + engine + "-second", settings)) {
                    complete = output.awaitAll(tweets, RECOVERY_LIMIT);
                    long recovered = System.nanoTime();
                    // Every tweet out is not the end: the restart may still re-deliver what the kill left uncommitted.
                    boolean caughtUp = GroupLag.awaitCaughtUp(kafka.bootstrapServers(), "backlog", "backlog-in",
                            RECOVERY_LIMIT);
                    long committed = System.nanoTime();
                    second.sigterm();
                    second.await(Duration.ofSeconds(60));
                    output.readToEnd(Duration.ofSeconds(60));
                    System.out.printf("killed %.1f s after start: %,d distinct tweets out (%,d records) before the "
                            + "restart%n", killedAt, beforeRestart, readBeforeRestart);
                    System.out.printf("%n%-32s %,12d%n", "records in", tweets);
                    System.out.printf("%-32s %,12d%n", "records out", output.read());
                    System.out.printf("%-32s %,12d%n", "distinct tweets out", output.distinct());
                    System.out.printf("%-32s %,12d%n", "duplicates", output.duplicates());
                    System.out.printf("%-32s %12s%n", "restart to all arrived",
                            complete ? String.format("%.1f s", (recovered - restart) / 1e9) : "not within 10 min");
                    System.out.printf("%-32s %12s%n", "restart to all committed",
                            caughtUp ? String.format("%.1f s", (committed - restart) / 1e9) : "not within 10 min");
                    if (output.firstMissing(tweets) >= 0) {
                        System.out.printf("first missing tweet: %d%n", output.firstMissing(tweets));
                    }
                }
            }
        }
    }

    /** Writes the backlog; returns how many sends the broker refused (none expected). */
    private static long load(String bootstrap, TweetCodec codec, int tweets) {
        AtomicLong refused = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 262_144,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int from = 0; from < tweets; from += 10_000) {
                for (byte[][] kv : NumberedTweets.keyed(codec, from, Math.min(10_000, tweets - from), 1_000,
                        1_732_500_000_000L)) {
                    producer.send(new ProducerRecord<>("backlog-in", kv[0], kv[1]), (metadata, error) -> {
                        if (error != null) {
                            refused.incrementAndGet();
                        }
                    });
                }
            }
        }
        return refused.get();
    }

    private KillDuringBacklogBenchmark() {
    }
}
