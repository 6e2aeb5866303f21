package io.tweetstream.adapter.inprocess;

import io.tweetstream.application.lifecycle.PipelineFailedException;
import io.tweetstream.application.lifecycle.StreamingEngine;
import io.tweetstream.application.message.GroupMember;
import io.tweetstream.application.message.SourcePosition;
import io.tweetstream.application.port.in.BatchResult;
import io.tweetstream.application.port.in.InputProgress;
import io.tweetstream.application.port.in.ProcessBatchUseCase;
import io.tweetstream.application.port.in.ProcessBatchUseCaseFactory;
import io.tweetstream.application.port.out.PipelineMetrics;
import io.tweetstream.domain.parallelism.ParallelismPlan;
import io.tweetstream.domain.parallelism.ParallelismPolicy;
import io.tweetstream.domain.parallelism.ParallelismRequest;
import io.tweetstream.domain.parallelism.ProcessingParallelism;
import io.tweetstream.domain.position.StartPositionPolicy;
import io.tweetstream.kafkasource.CommitFailures;
import io.tweetstream.kafkasource.KafkaRecords;
import io.tweetstream.kafkasource.StartOffsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The light engine, on plain kafka-clients in this JVM: the classic one reader thread per partition (up to the
 * parallelism plan), each with its own consumer in the group and its own use case. Each polled partition slice
 * is processed, delivered, then its offset committed: at least once, like the Spark engine. On rebalance a
 * reader has nothing pending (it commits before it polls again), so revoked partitions are already committed.
 * One poll is one delivery: its records are flushed together, then the offsets of all its partitions committed.
 * So a crash makes each reader read again at most one poll ({@link InProcessEngineSettings#maxPollRecords()}).
 *
 * <p>Exactly once ({@link InProcessEngineSettings#exactlyOnce()}): each reader has a stable transactional id, opened
 * before it subscribes; each poll is one transaction with its next positions committed for the group inside it (no
 * {@code commitSync}), with the reader's group generation, so that a reader that lost its partitions cannot commit.
 *
 * <p>Metrics ({@link InProcessMetrics}) in a Prometheus registry of this engine's own, served with {@code /health} on
 * {@link InProcessEngineSettings#metricsPort()} when it is set ({@link MetricsEndpoint}).
 */
final class InProcessEngine implements StreamingEngine {

    private static final Logger LOG = LoggerFactory.getLogger(InProcessEngine.class);
    private static final Duration STOP_REPORT_EVERY = Duration.ofSeconds(30);

    private final InProcessEngineSettings settings;
    private final ProcessBatchUseCaseFactory pipeline;
    private final PipelineMetrics metrics;
    private final List<Reader> readers = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final InProcessMetrics prometheus = new InProcessMetrics();
    /** Why the last delivery of any reader failed, or null when it succeeded: what {@code /health} reports. */
    private volatile String lastDeliveryFailure;
    private volatile boolean stopRequested;
    private CountDownLatch stopped;
    private MetricsEndpoint endpoint;

    InProcessEngine(InProcessEngineSettings settings, ProcessBatchUseCaseFactory pipeline, PipelineMetrics metrics) {
        this.settings = settings;
        this.pipeline = pipeline;
        this.metrics = metrics;
    }

    @Override
    public synchronized void start() {
        if (stopped != null) {
            throw new IllegalStateException("the in-process engine runs once; create a new one to restart");
        }
        int partitions;
        try (KafkaConsumer<byte[], byte[]> probe = newConsumer()) {
            var infos = probe.partitionsFor(settings.inputTopic());
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("input topic '" + settings.inputTopic() + "' does not exist");
            }
            partitions = infos.size();
        }
        ParallelismPlan plan = ParallelismPolicy.plan(new ParallelismRequest(partitions,
                Runtime.getRuntime().availableProcessors(), settings.readers(), ProcessingParallelism.sameAsRead()));
        plan.warnings().forEach(w -> LOG.warn("parallelism: {}", w));
        stopped = new CountDownLatch(plan.readParallelism());
        for (int i = 0; i < plan.readParallelism(); i++) {
            Reader reader = new Reader(i);
            readers.add(reader);
            reader.thread.start();
        }
        LOG.info("in-process engine started: {} reader(s) for {} partition(s) of {}, group {}",
                plan.readParallelism(), partitions, settings.inputTopic(), settings.groupId());
        if (settings.metricsPort() > 0) {
            endpoint = MetricsEndpoint.start(settings.metricsPort(), prometheus.registry(), this::health);
            LOG.info("metrics at {}, health at {}", endpoint.url(), endpoint.url().resolve("/health"));
        }
    }

    @Override
    public synchronized Optional<String> metricsUrl() {
        return Optional.ofNullable(endpoint).map(e -> e.url().toString());
    }

    /** Ready: running, no reader failed, and the last delivery succeeded. */
    MetricsEndpoint.Health health() {
        Throwable failed = failure.get();
        if (failed != null) {
            return new MetricsEndpoint.Health(false, "the pipeline failed: " + failed);
        }
        if (stopRequested || latch().getCount() == 0) {
            return new MetricsEndpoint.Health(false, "stopped");
        }
        String lastFailure = lastDeliveryFailure;
        return lastFailure == null
                ? new MetricsEndpoint.Health(true, latch().getCount() + " reader(s) running, the last delivery succeeded")
                : new MetricsEndpoint.Health(false, "the last delivery failed: " + lastFailure);
    }

    /** This engine's metrics (tests read them without the endpoint). */
    InProcessMetrics metrics() {
        return prometheus;
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        boolean done = latch().await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Throwable error = failure.get();
        if (error != null) {
            stop(false);
            throw new PipelineFailedException(error instanceof CommitFailures.CommitsFailedException
                    ? "the in-process pipeline stopped: " + error.getMessage()
                    : "the in-process pipeline stopped because a batch failed: " + error.getMessage(), error);
        }
        return done;
    }

    /**
     * Graceful: each reader finishes and commits the slice in hand. Not graceful: it commits nothing more. Returns
     * only once every reader has ended, so whoever closes the producer pools next closes nothing still in use.
     */
    @Override
    public void stop(boolean graceful) {
        stopRequested = true;
        for (Reader reader : readers) {
            reader.stop(graceful);
        }
        try {
            while (!latch().await(STOP_REPORT_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("still waiting for {} reader(s) to finish the slice in hand", latch().getCount());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeEndpoint();
    }

    private synchronized void closeEndpoint() {
        if (endpoint != null) {
            endpoint.close();
            endpoint = null;
        }
    }

    private synchronized CountDownLatch latch() {
        if (stopped == null) {
            throw new IllegalStateException("the in-process engine was not started");
        }
        return stopped;
    }

    private KafkaConsumer<byte[], byte[]> newConsumer() {
        Map<String, Object> config = new HashMap<>(settings.consumerConfig());
        // Bigger polls, fewer flushes and commits, and still a bound on what a crash makes a reader read again.
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        if (settings.exactlyOnce()) {
            // One fetch must be able to fill such a poll; a user's own setting wins.
            config.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                    InProcessEngineSettings.DEFAULT_EXACTLY_ONCE_MAX_PARTITION_FETCH_BYTES);
        }
        // Records of aborted upstream transactions are never processed; a user's own setting wins.
        config.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Where to start is decided on assignment (see Reader.onPartitionsAssigned), not by Kafka's reset.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Who commits for the group: this consumer, with the generation its last rebalance gave it. */
    private static GroupMember member(KafkaConsumer<byte[], byte[]> consumer) {
        ConsumerGroupMetadata m = consumer.groupMetadata();
        return new GroupMember(m.groupId(), m.generationId(), m.memberId(), m.groupInstanceId());
    }

    /** Another holder of the reader's transactional id took over: retrying cannot help. */
    private static boolean isFenced(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException
                    || t instanceof FencedInstanceIdException) {
                return true;
            }
        }
        return false;
    }

    /** One reader thread: its consumer, its use case, its loop. */
    private final class Reader implements ConsumerRebalanceListener {

        private final Thread thread;
        private final ReaderCommits commits = new ReaderCommits(settings.maxFailedCommits());
        /**
         * Exactly once: stable per reader index, so that the same reader of the next run (or of a second job with
         * the same group) fences this one and aborts what it left open; a random id would leave a crashed run's
         * transaction open until transaction.timeout.ms, blocking read_committed readers and the group's offsets.
         */
        private final String transactionalId;
        private final CommitFailures failures = new CommitFailures(settings.maxFailedCommits());
        private boolean inTransaction;
        private volatile boolean running = true;
        private volatile boolean commit = true;
        private KafkaConsumer<byte[], byte[]> consumer;

        Reader(int index) {
            thread = new Thread(this::run, "tweetstream-reader-" + index);
            transactionalId = settings.groupId() + "-" + settings.inputTopic() + "-reader-" + index;
        }

        /** Graceful: ends after the current poll is delivered and committed. Else: wakes it up now. */
        void stop(boolean graceful) {
            commit = commit && graceful;
            running = false;
            KafkaConsumer<byte[], byte[]> c = consumer;
            if (c != null && !graceful) {
                c.wakeup();
            }
        }

        private void run() {
            try (KafkaConsumer<byte[], byte[]> c = newConsumer()) {
                ProcessBatchUseCase useCase = pipeline.create();
                consumer = c;
                if (settings.exactlyOnce()) {
                    // Before subscribing (as Kafka's own example): opening the id fences the previous holder (a
                    // crashed run's or an older job's reader) and aborts what it left open, so the committed
                    // offsets read on assignment are stable at once instead of after transaction.timeout.ms.
                    useCase.processExactlyOnce(Collections.emptyIterator(),
                            new InputProgress(transactionalId, List.of(), member(c)));
                }
                c.subscribe(List.of(settings.inputTopic()), this);
                while (running) {
                    ConsumerRecords<byte[], byte[]> records;
                    try {
                        records = c.poll(settings.pollTimeout());
                    } catch (OffsetOutOfRangeException e) {
                        LOG.warn("offsets {} were deleted by retention before they were read; continuing at the "
                                + "earliest offset still there", e.offsetOutOfRangePartitions());
                        c.seekToBeginning(e.partitions());
                        continue;
                    }
                    if (records.isEmpty()) {
                        reportLag(c);
                        continue;
                    }
                    long polled = System.nanoTime();
                    if (settings.exactlyOnce()) {
                        if (!commit) {
                            return; // stopped without grace: as a crash, nothing more committed
                        }
                        deliverExactlyOnce(c, useCase, records, polled);
                        reportLag(c);
                        continue;
                    }
                    // One delivery for the whole poll (one flush), then one commit of every partition in it.
                    BatchResult result;
                    try {
                        result = useCase.process(KafkaRecords.asRawRecords(records.iterator()));
                    } catch (RuntimeException e) {
                        lastDeliveryFailure = e.toString();
                        throw e;
                    }
                    metrics.recordConsumed(result.consumed());
                    metrics.recordProduced(result.produced());
                    metrics.recordDeadLettered(result.deadLettered());
                    metrics.recordLatency(result.latency());
                    if (!commit) {
                        return; // stopped without grace: as a crash, nothing more committed
                    }
                    Map<TopicPartition, OffsetAndMetadata> delivered = new HashMap<>();
                    for (TopicPartition tp : records.partitions()) {
                        List<ConsumerRecord<byte[], byte[]>> slice = records.records(tp);
                        delivered.put(tp, new OffsetAndMetadata(slice.get(slice.size() - 1).offset() + 1));
                    }
                    commits.commit(c, delivered);
                    lastDeliveryFailure = null;
                    prometheus.delivered(result, Duration.ofNanos(System.nanoTime() - polled));
                    reportLag(c);
                }
            } catch (WakeupException stoppedWithoutGrace) {
                // stop(false) woke the consumer, e.g. inside commitSync: leave, committing nothing more
            } catch (Throwable e) { // an Error too: a reader that dies quietly would let the job end with exit 0
                if (failure.compareAndSet(null, e)) {
                    LOG.error("reader {} failed; the slice in hand was not committed", thread.getName(), e);
                }
                readers.forEach(r -> r.stop(false)); // no reader may commit past the failure
            } finally {
                stopped.countDown();
            }
        }

        /**
         * One poll in one transaction: its outputs, dead letters and next positions commit together or not at all.
         * A failed transaction was aborted by the use case: the reader seeks back to the group's committed positions
         * and reads the poll again, up to {@code commit.max-failed-batches} polls in a row. Fenced (another holder of
         * this reader's transactional id took over: a newer run of the job) it stops at once.
         */
        private void deliverExactlyOnce(KafkaConsumer<byte[], byte[]> c, ProcessBatchUseCase useCase,
                                        ConsumerRecords<byte[], byte[]> records, long polled) {
            List<SourcePosition> next = new ArrayList<>();
            for (TopicPartition tp : records.partitions()) {
                // The position, not the last offset + 1: past the transaction markers that follow it
                next.add(new SourcePosition(tp.topic(), tp.partition(), c.position(tp)));
            }
            BatchResult result;
            inTransaction = true;
            try {
                // Read at this moment: the generation the broker checks the offsets against (KIP-447 fencing)
                result = useCase.processExactlyOnce(KafkaRecords.asRawRecords(records.iterator()),
                        new InputProgress(transactionalId, next, member(c)));
            } catch (RuntimeException e) {
                prometheus.transactionAborted(); // the use case aborted it
                lastDeliveryFailure = e.toString();
                if (isFenced(e)) {
                    throw new IllegalStateException("another holder of transactional.id " + transactionalId
                            + " took over (a newer run of the job with group " + settings.groupId() + "): this one "
                            + "is fenced and stops; nothing of its open transaction is visible", e);
                }
                LOG.warn("{}: the transaction of a poll failed and was aborted ({} in a row); reading it again from "
                        + "the group's committed positions: {}", thread.getName(), failures.inARow() + 1, e.toString());
                var stop = failures.failed(e);
                if (stop.isPresent()) {
                    throw stop.get();
                }
                seekToCommitted(c);
                return;
            } finally {
                inTransaction = false;
            }
            failures.succeeded();
            lastDeliveryFailure = null;
            prometheus.transactionCommitted();
            prometheus.delivered(result, Duration.ofNanos(System.nanoTime() - polled));
            metrics.recordConsumed(result.consumed());
            metrics.recordProduced(result.produced());
            metrics.recordDeadLettered(result.deadLettered());
            metrics.recordLatency(result.latency());
        }

        /**
         * Each owned partition's lag from the consumer's cached fetch metadata (no request): right after a commit
         * (or an empty poll) the position is the committed offset, so this is end offset minus committed.
         */
        private void reportLag(KafkaConsumer<byte[], byte[]> c) {
            for (TopicPartition tp : c.assignment()) {
                c.currentLag(tp).ifPresent(lag -> prometheus.lag(tp, lag));
            }
        }

        /** Back to what the group committed (stable after the abort), or the reset policy where it has nothing. */
        private void seekToCommitted(KafkaConsumer<byte[], byte[]> c) {
            onPartitionsAssigned(c.assignment());
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Every processed slice was committed before the next poll (exactly once: each poll's transaction
            // committed or aborted before the next poll, inside which this runs): nothing is pending here.
            if (inTransaction) {
                throw new IllegalStateException("partitions revoked while a transaction is open: " + partitions);
            }
            prometheus.forget(partitions);
            LOG.debug("{} revoked {}", thread.getName(), partitions);
        }

        /** Where to start is {@link StartOffsets}' decision, as for the Spark engine. */
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            StartOffsets.resolve(consumer, partitions, StartPositionPolicy.Reset.parse(settings.autoOffsetReset()))
                    .forEach(consumer::seek);
        }
    }
}
