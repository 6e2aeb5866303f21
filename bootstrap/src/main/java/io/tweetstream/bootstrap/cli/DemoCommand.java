package io.tweetstream.bootstrap.cli;

import io.tweetstream.adapter.avro.AvroCodecs;
import io.tweetstream.bootstrap.config.ConfigException;
import io.tweetstream.bootstrap.config.TweetstreamConfig;
import io.tweetstream.bootstrap.demo.DemoBroker;
import io.tweetstream.bootstrap.demo.DemoProgress;
import io.tweetstream.bootstrap.lifecycle.ProcessLifecycle;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The whole thing on one machine: an embedded broker (unless one is configured), topics, a tweet generator with
 * a few corrupt records, the pipeline on local Spark, live progress, and a summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate tweets and run the pipeline on local Spark, on an embedded Kafka broker unless "
                + "kafka.bootstrap.servers is set; prints progress and a summary.")
public final class DemoCommand implements Callable<Integer> {

    /** Where the demo serves the in-process engine's metrics, unless it is taken (see {@link #defaults()}). */
    static final int METRICS_PORT = 9404;

    /** The demo's defaults but the metrics port; a configuration file and -D overrides win over them. */
    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("input.topic", "tweets"),
            Map.entry("output.topic", "tweets-out"),
            Map.entry("topics.create", "true"),
            Map.entry("topics.partitions", "3"),
            Map.entry("kafka.group.id", "tweetstream-demo"),
            Map.entry("spark.master", "local[2]"),
            Map.entry("spark.batch-interval", "1s"),
            // The metrics endpoints are on: the in-process engine's own port, Spark's UI (its /metrics/prometheus/).
            Map.entry("spark.conf.spark.ui.enabled", "true"));

    /**
     * The demo's defaults, with {@value #METRICS_PORT} as {@code metrics.port}, or a free port when something else
     * holds that one (a second demo, another exporter): a demo should run, and it prints the URL it serves. A port
     * written by the user is theirs, and a taken one still fails with the setting's name.
     */
    static Map<String, String> defaults() {
        Map<String, String> defaults = new HashMap<>(DEFAULTS);
        defaults.put("metrics.port", Integer.toString(freeOr(METRICS_PORT)));
        return defaults;
    }

    /** {@code port} if it can be bound now, else one the system picks. */
    static int freeOr(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return socket.getLocalPort();
        } catch (IOException taken) {
            try (ServerSocket any = new ServerSocket(0)) {
                return any.getLocalPort();
            } catch (IOException e) {
                return port; // the engine then says which setting cannot be served
            }
        }
    }

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Option(names = "--tweets", defaultValue = "20000", description = "Tweets to generate (default ${DEFAULT-VALUE}).")
    long tweets;

    @Option(names = "--corrupt-every", defaultValue = "200",
            description = "Every Nth record is corrupt on purpose (default ${DEFAULT-VALUE}; 0: none).")
    int corruptEvery;

    @Override
    public Integer call() throws Exception {
        try (ProcessLifecycle lifecycle = ProcessLifecycle.install()) {
            TweetstreamConfig config;
            try {
                Map<String, String> defaults = defaults();
                config = TweetstreamConfig.load(defaults, options.file, options.overrides, "embedded");
                if (config.kafka().bootstrapServers().equals("embedded")) {
                    System.out.println("no kafka.bootstrap.servers configured: starting an embedded Kafka broker...");
                    String embedded = DemoBroker.start(lifecycle); // closed last, after the pipeline
                    config = TweetstreamConfig.load(defaults, options.file, options.overrides, embedded);
                }
            } catch (ConfigException e) {
                return ConfigOptions.report(e, System.err);
            }
            return run(config, lifecycle);
        }
    }

    /** The demo stops, rather than waits forever, when nothing is consumed for a while. */
    private static final class Stall {
        static final Duration LIMIT = Duration.ofSeconds(90);
        private final PipelineRunner runner;
        private long lastConsumed = -1;
        private long since = System.nanoTime();

        Stall(PipelineRunner runner) {
            this.runner = runner;
        }

        boolean stalled() {
            long consumed = runner.counters().consumed();
            if (consumed != lastConsumed) {
                lastConsumed = consumed;
                since = System.nanoTime();
            }
            return System.nanoTime() - since > LIMIT.toNanos();
        }
    }

    private int run(TweetstreamConfig config, ProcessLifecycle lifecycle) throws InterruptedException {
        PipelineRunner runner = new PipelineRunner(config);
        runner.onMetricsUrl(url -> System.out.println("metrics: " + url
                + (url.endsWith("/metrics") ? " (health: " + url.replace("/metrics", "/health") + ")" : "")));
        runner.verifyTopics();
        String bootstrap = config.kafka().bootstrapServers();
        String inputTopic = config.kafka().inputTopic();
        AtomicReference<String> generatorFailure = new AtomicReference<>();
        ProduceCommand.Deliveries deliveries = new ProduceCommand.Deliveries();
        Thread generator = new Thread(() -> {
            try (KafkaProducer<byte[], byte[]> producer = ProduceCommand.producer(bootstrap)) {
                ProduceCommand.generate(producer, AvroCodecs.factory(config.codec()).create(), tweets, corruptEvery,
                        42, inputTopic, deliveries);
            } catch (RuntimeException e) {
                generatorFailure.compareAndSet(null, e.toString());
            }
            // the producer is closed: every send's callback has run
            String notDelivered = deliveries.failures(inputTopic);
            if (notDelivered != null) {
                generatorFailure.compareAndSet(null, notDelivered);
            }
        }, "tweet-generator");
        generator.setDaemon(true);
        long started = System.nanoTime();
        generator.start();

        try (DemoProgress progress = new DemoProgress(bootstrap, inputTopic,
                config.spark().groupId(), tweets)) {
            Stall stall = new Stall(runner);
            // A refused send stops the demo as soon as its callback has run, without waiting for the generator.
            int code = runner.run(lifecycle, Duration.ofSeconds(1), progress::print,
                    () -> runner.counters().consumed() >= tweets || generatorFailure.get() != null
                            || deliveries.failed() > 0 || stall.stalled());
            progress.finish();
            generator.join(Duration.ofSeconds(10).toMillis());
            String failure = generatorFailure.get() != null ? generatorFailure.get()
                    : deliveries.failures(inputTopic); // counted so far, if the generator is still closing
            if (failure != null) {
                System.err.println("tweetstream demo: the tweet generator failed: " + failure);
            } else if (stall.stalled()) {
                System.err.printf("tweetstream demo: no progress for %d s, stopped%n", Stall.LIMIT.toSeconds());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long produced = runner.counters().produced();
            long dead = runner.counters().deadLettered();
            long expectedDead = corruptEvery > 0 ? tweets / corruptEvery : 0;
            System.out.printf("%nsummary: generated %,d, consumed %,d, produced %,d, dead-lettered %,d (%,d corrupt on "
                            + "purpose) in %.1f s%n", tweets, runner.counters().consumed(), produced, dead, expectedDead,
                    seconds);
            boolean complete = produced + dead == tweets;
            System.out.println(complete
                    ? "produced + dead-lettered == generated: nothing lost"
                    : "produced + dead-lettered != generated: stopped before every tweet was processed");
            return code != ExitCodes.OK ? code
                    : complete && failure == null ? ExitCodes.OK : ExitCodes.PIPELINE_FAILED;
        }
    }
}
