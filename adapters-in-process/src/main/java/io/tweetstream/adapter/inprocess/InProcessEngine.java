package io.tweetstream.adapter.inprocess;

import io.tweetstream.application.lifecycle.PipelineFailedException;
import io.tweetstream.application.lifecycle.StreamingEngine;
import io.tweetstream.application.port.in.BatchResult;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
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
 */
final class InProcessEngine implements StreamingEngine {

    private static final Logger LOG = LoggerFactory.getLogger(InProcessEngine.class);
    private static final Duration STOP_REPORT_EVERY = Duration.ofSeconds(30);

    private final InProcessEngineSettings settings;
    private final ProcessBatchUseCaseFactory pipeline;
    private final PipelineMetrics metrics;
    private final List<Reader> readers = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private CountDownLatch stopped;

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
        // Records of aborted upstream transactions are never processed; a user's own setting wins.
        config.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Where to start is decided on assignment (see Reader.onPartitionsAssigned), not by Kafka's reset.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** One reader thread: its consumer, its use case, its loop. */
    private final class Reader implements ConsumerRebalanceListener {

        private final Thread thread;
        private final ReaderCommits commits = new ReaderCommits(settings.maxFailedCommits());
        private volatile boolean running = true;
        private volatile boolean commit = true;
        private KafkaConsumer<byte[], byte[]> consumer;

        Reader(int index) {
            thread = new Thread(this::run, "tweetstream-reader-" + index);
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
                        continue;
                    }
                    // One delivery for the whole poll (one flush), then one commit of every partition in it.
                    BatchResult result = useCase.process(KafkaRecords.asRawRecords(records.iterator()));
                    metrics.recordConsumed(result.consumed());
                    metrics.recordProduced(result.produced());
                    metrics.recordDeadLettered(result.deadLettered());
                    if (!commit) {
                        return; // stopped without grace: as a crash, nothing more committed
                    }
                    Map<TopicPartition, OffsetAndMetadata> delivered = new HashMap<>();
                    for (TopicPartition tp : records.partitions()) {
                        List<ConsumerRecord<byte[], byte[]>> slice = records.records(tp);
                        delivered.put(tp, new OffsetAndMetadata(slice.get(slice.size() - 1).offset() + 1));
                    }
                    commits.commit(c, delivered);
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

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Every processed slice was committed before the next poll: nothing is pending here.
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
