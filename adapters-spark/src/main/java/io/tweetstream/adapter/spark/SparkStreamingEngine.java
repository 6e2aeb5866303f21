package io.tweetstream.adapter.spark;

import io.tweetstream.application.lifecycle.PipelineFailedException;
import io.tweetstream.application.lifecycle.StreamingEngine;
import io.tweetstream.application.port.in.BatchResult;
import io.tweetstream.application.port.in.ProcessBatchUseCaseFactory;
import io.tweetstream.application.port.out.PipelineMetrics;
import io.tweetstream.domain.parallelism.ParallelismPlan;
import io.tweetstream.domain.parallelism.ParallelismPolicy;
import io.tweetstream.domain.parallelism.ParallelismRequest;
import io.tweetstream.domain.position.StartPositionPolicy;
import io.tweetstream.kafkasource.CommitFailures;
import io.tweetstream.kafkasource.StartOffsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import com.codahale.metrics.MetricRegistry;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.api.java.JavaInputDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.kafka010.ConsumerStrategies;
import org.apache.spark.streaming.kafka010.KafkaUtils;
import org.apache.spark.streaming.kafka010.LocationStrategies;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pipeline on Spark Streaming with the direct Kafka stream: one Spark partition per Kafka partition,
 * offsets committed to the consumer group only after every partition of the batch was delivered. With
 * {@link SparkEngineSettings#exactlyOnce()}, the driver reads by assignment and commits nothing: each task writes its
 * partition's range and commits the range's end offset in one Kafka transaction ({@link RangeTransaction}).
 *
 * <p>This class owns the streaming context's lifecycle; the graph itself is {@link TweetStreamGraph}. Its
 * per-pipeline state (the offset ledger, the accumulators) are fields of this instance. It installs no shutdown
 * hook: the process's lifecycle owner calls {@link #stop(boolean)}. No DStream checkpoint either: the job's
 * progress is the consumer group's committed offsets, which survive code changes and never hold secrets.
 */
final class SparkStreamingEngine implements StreamingEngine {

    private static final Logger LOG = LoggerFactory.getLogger(SparkStreamingEngine.class);
    private static final Duration FINAL_COMMIT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TASK_READ_STALL = SparkEngineSettings.TASK_READ_STALL;
    private static final Duration PARTITION_COUNT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration FENCE_TIMEOUT = Duration.ofSeconds(60);
    private static final String SPECULATION = "spark.speculation";
    /** Where Spark's PrometheusServlet serves every source, this engine's included (on the driver UI). */
    static final String PROMETHEUS_SERVLET = "spark.metrics.conf.*.sink.prometheusServlet.";
    static final String PROMETHEUS_PATH = "/metrics/prometheus";
    private static final Duration LAG_EVERY = Duration.ofSeconds(1);

    private final SparkEngineSettings settings;
    private final ProcessBatchUseCaseFactory pipeline;
    private final PipelineMetrics driverMetrics;
    private final JavaSparkContext givenContext;
    private final OffsetLedger ledger;
    private final AtomicBoolean finished = new AtomicBoolean();
    private JavaStreamingContext ssc;
    private ProgressListener progress;
    /** Exactly once only: the driver's look at the input's partition count. */
    private Admin admin;
    private SparkDriverMetrics sparkMetrics;
    private DriverLag lag;
    private TransactionAborts aborts;

    /**
     * @param sharedContext a running Spark context to use and leave running (tests, notebooks), or null to
     *                      create one from the settings and stop it with the pipeline
     */
    SparkStreamingEngine(SparkEngineSettings settings, ProcessBatchUseCaseFactory pipeline,
                         PipelineMetrics driverMetrics, JavaSparkContext sharedContext) {
        this.settings = settings;
        this.pipeline = pipeline;
        this.driverMetrics = driverMetrics;
        this.givenContext = sharedContext;
        this.ledger = new OffsetLedger(new CommitFailures(settings.maxFailedCommits()));
    }

    @Override
    public synchronized void start() {
        if (ssc != null) {
            throw new IllegalStateException("the Spark engine runs once; create a new one to restart");
        }
        try {
            ssc = createContext();
        } catch (RuntimeException e) {
            if (admin != null) {
                admin.close(FINAL_COMMIT_TIMEOUT);
            }
            throw e;
        }
        ssc.start();
        LOG.info("Spark engine started: topic {}, group {}, batch interval {} ms", settings.inputTopic(),
                settings.groupId(), settings.batchInterval().toMillis());
    }

    private JavaStreamingContext createContext() {
        JavaStreamingContext context = givenContext != null
                ? new JavaStreamingContext(givenContext, Durations.milliseconds(settings.batchInterval().toMillis()))
                : new JavaStreamingContext(sparkConf(), Durations.milliseconds(settings.batchInterval().toMillis()));
        if (settings.exactlyOnce()) {
            refuseWhatBreaksExactlyOnce(context.sparkContext().getConf());
        }
        sparkMetrics = SparkDriverMetrics.current().orElseGet(() -> {
            LOG.warn("the Spark context was created without {} in spark.plugins: the pipeline's metrics are not in "
                    + "Spark's metrics system", TweetstreamMetricsPlugin.class.getName());
            return new SparkDriverMetrics(new MetricRegistry());
        });
        Map<String, Object> kafkaParams = kafkaParams();
        Set<TopicPartition> partitions;
        Map<TopicPartition, Long> startAt;
        Map<TopicPartition, Long> committedAtStart = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafkaParams)) {
            partitions = StartOffsets.partitionsOf(consumer, settings.inputTopic());
            if (settings.exactlyOnce()) {
                admin = Admin.create(adminConfig());
                fenceEarlierWriters(partitions);
            }
            startAt = StartOffsets.resolve(consumer, partitions,
                    StartPositionPolicy.Reset.parse(settings.autoOffsetReset()));
            if (settings.exactlyOnce()) {
                // What each partition's first range must follow: the start may differ (reset, retention).
                Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions);
                partitions.forEach(tp -> committedAtStart.put(tp, committed.get(tp) == null
                        ? CommittedOffsetCheck.NOTHING_COMMITTED : committed.get(tp).offset()));
            }
        }
        settings.maxRecordsPerPartitionPerBatch().ifPresentOrElse(
                max -> LOG.info("a batch reads at most {} records per partition (spark.max-rate-per-partition {} x "
                        + "batch interval)", max, settings.maxRatePerPartition()),
                () -> LOG.warn("spark.max-rate-per-partition is 0: batches are unbounded, the first after a start "
                        + "takes the whole backlog, and a crash during it makes the job read all of it again"));
        ParallelismPlan plan = ParallelismPolicy.plan(ParallelismRequest.onePerPartition(
                partitions.size(), context.sparkContext().defaultParallelism(), settings.processing()));
        plan.warnings().forEach(w -> LOG.warn("parallelism: {}", w));
        LOG.info("reading {} partition(s) of {} in parallel, processing in {} task(s){}; starting offsets {}",
                plan.readParallelism(), settings.inputTopic(), plan.processingParallelism(),
                plan.repartition() ? " after a shuffle by key" : "", startAt);

        // Exactly once, the driver reads by assignment and never joins the group: the group then has no members, and
        // Kafka accepts the offsets the tasks commit in their transactions from outside it (README, "Delivery
        // guarantees"). Subscribe would make the driver a member, and that can make Kafka refuse them.
        JavaInputDStream<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> stream =
                KafkaUtils.createDirectStream(context, LocationStrategies.PreferConsistent(), settings.exactlyOnce()
                        ? ConsumerStrategies.Assign(partitions, kafkaParams, startAt)
                        : ConsumerStrategies.Subscribe(List.of(settings.inputTopic()), kafkaParams, startAt));
        AccumulatorMetrics accumulators = AccumulatorMetrics.register(context.sparkContext().sc());
        lag = new DriverLag(kafkaParams, partitions, LAG_EVERY);
        if (settings.exactlyOnce()) {
            aborts = new TransactionAborts(sparkMetrics);
            context.sparkContext().sc().addSparkListener(aborts);
        }
        ExactlyOnceBatches exactlyOnce = null;
        if (settings.exactlyOnce()) {
            if (plan.repartition()) {
                throw new IllegalStateException("exactly-once delivery processes each partition where it is read, "
                        + "but the parallelism plan asks for a shuffle: " + plan);
            }
            exactlyOnce = new ExactlyOnceBatches(settings.groupId(), settings.inputTopic(), taskConsumerConfig(),
                    TASK_READ_STALL, committedAtStart, this::inputPartitionCount);
            LOG.info("exactly-once: the driver reads {} partition(s) by assignment, outside group {}, and commits "
                    + "nothing; each task commits its range in a transaction (ids {}-<partition>); committed at "
                    + "start {}", partitions.size(), settings.groupId(),
                    RangeTransaction.transactionalIdPrefix(settings.groupId(), settings.inputTopic()), committedAtStart);
        }
        new TweetStreamGraph(pipeline, accumulators, plan.repartition() ? plan.processingParallelism() : 0, ledger,
                new ReadRange(taskConsumerConfig(), TASK_READ_STALL), exactlyOnce).wire(stream);
        progress = new ProgressListener(accumulators);
        context.addStreamingListener(progress);
        return context;
    }

    static final String PID_MIN_RATE = "spark.streaming.backpressure.pid.minRate";

    SparkConf sparkConf() {
        SparkConf conf = new SparkConf().setAppName(settings.appName());
        if (settings.master() != null) {
            conf.setMaster(settings.master());
        }
        // Kryo with what this engine shuffles registered; spark-submit --conf or spark.conf.* settings win.
        conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
        conf.setIfMissing("spark.kryo.registrator", TweetstreamKryoRegistrator.class.getName());
        // Should the JVM shut down without our lifecycle (e.g. SIGHUP), Spark's own hook still stops gracefully.
        conf.set("spark.streaming.stopGracefullyOnShutdown", "true");
        conf.set("spark.streaming.backpressure.enabled", Boolean.toString(settings.backpressure()));
        // The direct stream caps each partition's range at maxRatePerPartition x batch interval; with backpressure
        // and no initial rate, the first batches (before any rate was measured) take that cap too.
        if (settings.backpressureInitialRate() > 0) {
            conf.set("spark.streaming.backpressure.initialRate", Long.toString(settings.backpressureInitialRate()));
        }
        if (settings.maxRatePerPartition() > 0) {
            conf.set("spark.streaming.kafka.maxRatePerPartition", Long.toString(settings.maxRatePerPartition()));
            // Backpressure's estimator never goes below its minimum rate (100 records/s by default). After one slow
            // batch (a broker failover) it drops there, then measures only tiny batches, whose fixed cost per batch
            // (scheduling, a consumer per task) makes the job look slow: it crawled at ~100 records/s for minutes
            // in BrokerFailoverIT on a loaded machine. One partition's cap as the floor lets it find the real rate.
            conf.set(PID_MIN_RATE, Long.toString(settings.maxRatePerPartition()));
        }
        settings.sparkConfig().forEach(conf::set);
        // The pipeline's metrics in Spark's metrics system, on the driver UI's /metrics/prometheus/ (README.md,
        // Monitoring); names stable across runs (the namespace instead of the application id). Users' settings win.
        String plugins = conf.get("spark.plugins", "");
        if (!List.of(plugins.split("\\s*,\\s*")).contains(TweetstreamMetricsPlugin.class.getName())) {
            conf.set("spark.plugins", plugins.isBlank() ? TweetstreamMetricsPlugin.class.getName()
                    : plugins + "," + TweetstreamMetricsPlugin.class.getName());
        }
        conf.setIfMissing("spark.metrics.namespace", "tweetstream");
        conf.setIfMissing(PROMETHEUS_SERVLET + "class", "org.apache.spark.metrics.sink.PrometheusServlet");
        conf.setIfMissing(PROMETHEUS_SERVLET + "path", PROMETHEUS_PATH);
        if (settings.exactlyOnce()) {
            // A speculative copy would fence the original's transaction (the settings refuse an explicit true).
            conf.set(SPECULATION, "false");
        }
        return conf;
    }

    /** A context given to the engine (not made from the settings) may still hold what exactly-once cannot run with. */
    private static void refuseWhatBreaksExactlyOnce(SparkConf conf) {
        if (conf.getBoolean(SPECULATION, false)) {
            throw new IllegalStateException(SPECULATION + " is true in the Spark context: with exactly-once "
                    + "delivery a speculative copy of a task fences the original's transaction");
        }
        if (conf.getInt(SparkEngineSettings.CONCURRENT_JOBS, 1) != 1) {
            throw new IllegalStateException(SparkEngineSettings.CONCURRENT_JOBS + " is not 1 in the Spark context: "
                    + "with exactly-once delivery two batches of one partition would share a transactional id");
        }
    }

    /**
     * Exactly once, before reading the group's offsets: takes over every partition's transactional id. That aborts
     * at once what an earlier run left open (killed mid-batch), which would otherwise keep the group's offsets
     * unreadable until its transaction timed out, and fences an older job still running with the same group.
     */
    private void fenceEarlierWriters(Set<TopicPartition> partitions) {
        List<String> ids = partitions.stream()
                .map(tp -> RangeTransaction.transactionalId(settings.groupId(), tp.topic(), tp.partition()))
                .sorted().toList();
        long start = System.nanoTime();
        try {
            // One call per id, all at once: kafka-clients 3.9 sends one call's InitProducerId requests one id after
            // another with its retry backoff growing in between (100 ms, 200, 400... up to 1 s), which took 2.4-3.7 s
            // for 6 ids here; separate calls go out together.
            KafkaFuture<?>[] fenced = ids.stream().map(id -> admin.fenceProducers(List.of(id)).all())
                    .toArray(KafkaFuture<?>[]::new);
            KafkaFuture.allOf(fenced).get(FENCE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fencing earlier writers", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("cannot take over the transactional ids " + ids + " (" + cause + "): "
                    + "exactly-once delivery needs WRITE on them, and transactions enabled on the cluster", cause);
        }
        LOG.info("exactly-once: fenced earlier holders of {} in {} ms (their open transactions are aborted)", ids,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** The Kafka settings an admin client knows (cluster, security), from the consumer settings. */
    private Map<String, Object> adminConfig() {
        Map<String, Object> config = new HashMap<>();
        settings.consumerConfig().forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        return config;
    }

    private int inputPartitionCount() {
        try {
            return admin.describeTopics(List.of(settings.inputTopic())).allTopicNames()
                    .get(PARTITION_COUNT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .get(settings.inputTopic()).partitions().size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e.getCause() == null ? e : e.getCause());
        }
    }

    /**
     * What a task's consumer needs to read its range: the user's consumer settings (security, fetch sizes) and
     * {@code read_committed}; no group (it is assigned its partition and commits nothing), no offset reset (a range
     * deleted under it fails the batch instead of skipping).
     */
    Map<String, String> taskConsumerConfig() {
        Map<String, String> config = new HashMap<>(settings.consumerConfig());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return config;
    }

    Map<String, Object> kafkaParams() {
        Map<String, Object> params = new HashMap<>(settings.consumerConfig());
        params.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        params.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        params.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, settings.autoOffsetReset());
        params.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Records of aborted upstream transactions are never processed; a user's own setting wins.
        params.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        params.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        params.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return params;
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        JavaStreamingContext context = context();
        boolean stopped;
        try {
            stopped = context.awaitTerminationOrTimeout(timeout.toMillis());
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // A batch failed: Spark reports it here but keeps the context running. Stop now, commit nothing more.
            stopNow();
            throw new PipelineFailedException("the Spark pipeline stopped because a batch failed: " + e.getMessage(), e);
        }
        Throwable failure = ledger.failure();
        if (failure != null) {
            stopNow();
            throw new PipelineFailedException(failure instanceof CommitFailures.CommitsFailedException
                    ? "the Spark pipeline stopped: " + failure.getMessage()
                    : "the Spark pipeline stopped because a batch failed: " + failure.getMessage(), failure);
        }
        if (!stopped && context.sparkContext().sc().isStopped()) {
            // The Spark context died under the streaming context (see PLATFORM.md): do not loop forever.
            stopNow();
            throw new PipelineFailedException("the Spark context was stopped while the pipeline was running", null);
        }
        if (stopped) {
            finish(true); // stopped by Spark itself: SIGTERM with stopGracefullyOnShutdown, a graceful stop
        }
        return stopped;
    }

    /** The driver UI's PrometheusServlet, when the UI and the servlet are on. */
    @Override
    public synchronized Optional<String> metricsUrl() {
        if (ssc == null || ssc.sparkContext().sc().isStopped()) {
            return Optional.empty();
        }
        SparkConf conf = ssc.sparkContext().getConf();
        if (!conf.contains(PROMETHEUS_SERVLET + "class")) {
            return Optional.empty();
        }
        String path = conf.get(PROMETHEUS_SERVLET + "path", PROMETHEUS_PATH);
        scala.Option<String> ui = ssc.sparkContext().sc().uiWebUrl();
        return ui.isDefined() ? Optional.of(ui.get() + path + "/") : Optional.empty();
    }

    @Override
    public synchronized void stop(boolean graceful) {
        context().stop(givenContext == null, graceful);
        finish(graceful);
    }

    private void stopNow() {
        context().stop(givenContext == null, false);
        finish(false);
    }

    /**
     * After a graceful stop, commits the last delivered batch (Spark would commit it only on a next batch);
     * after any other stop, leaves it to be read again, as a crash would.
     */
    private synchronized void finish(boolean commitPending) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        progress.report(); // the last batch's counts, without waiting for Spark's listener bus
        lag.close();
        TaskConsumers.closeAll(); // in local mode the executor's consumers live in this JVM
        if (aborts != null) {
            ssc.sparkContext().sc().removeSparkListener(aborts);
        }
        if (admin != null) {
            admin.close(FINAL_COMMIT_TIMEOUT);
        }
        Map<TopicPartition, OffsetAndMetadata> pending = ledger.uncommitted();
        if (commitPending) {
            if (ledger.failure() == null && !pending.isEmpty()) {
                try {
                    commit(pending);
                } catch (RuntimeException e) {
                    throw new PipelineFailedException("the last delivered offsets " + pending + " could not be "
                            + "committed on stop (" + e + "); they will be read again on restart", e);
                }
                ledger.confirmed(pending);
                LOG.info("committed the last delivered offsets on stop: {}", pending);
            }
        } else if (!pending.isEmpty()) {
            LOG.warn("stopped without a graceful stop: delivered offsets {} are not committed and will be read again",
                    pending);
        }
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<String, Object> params = kafkaParams();
        try (KafkaConsumer<byte[], byte[]> committer = new KafkaConsumer<>(params)) {
            committer.commitSync(offsets, FINAL_COMMIT_TIMEOUT);
        }
    }

    private synchronized JavaStreamingContext context() {
        if (ssc == null) {
            throw new IllegalStateException("the Spark engine was not started");
        }
        return ssc;
    }

    /** Feeds the metrics port from the accumulators after each batch, on the driver. */
    private final class ProgressListener implements StreamingListener {
        private final AccumulatorMetrics accumulators;
        private AccumulatorMetrics.Totals last;

        ProgressListener(AccumulatorMetrics accumulators) {
            this.accumulators = accumulators;
            this.last = accumulators.totals();
        }

        @Override
        public void onBatchCompleted(StreamingListenerBatchCompleted batchCompleted) {
            report();
            scala.Option<Object> processing = batchCompleted.batchInfo().processingDelay();
            if (processing.isDefined()) {
                sparkMetrics.batchCompleted((Long) processing.get());
            }
            try {
                lag.measure().forEach(sparkMetrics::lag);
            } catch (RuntimeException e) {
                LOG.debug("could not measure the consumer lag this time", e);
            }
        }

        synchronized void report() {
            AccumulatorMetrics.Totals now = accumulators.totals();
            AccumulatorMetrics.Totals delta = now.minus(last);
            last = now;
            BatchResult delivered = delta.delivered();
            driverMetrics.recordConsumed(delivered.consumed());
            driverMetrics.recordProduced(delivered.produced());
            driverMetrics.recordDeadLettered(delivered.deadLettered());
            driverMetrics.recordLatency(delivered.latency());
            sparkMetrics.delivered(delivered);
            sparkMetrics.transactionsCommitted(delta.transactionsCommitted());
        }
    }
}
