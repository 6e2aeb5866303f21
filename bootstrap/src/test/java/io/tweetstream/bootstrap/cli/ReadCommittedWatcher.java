package io.tweetstream.bootstrap.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a downstream reader sees of a contestant's output: an independent {@code read_committed} consumer counts the
 * records of the output topic and of the dead-letter topic from the beginning, and notes when the first output record
 * became visible and when all expected ones were. Under exactly-once the high watermark runs ahead of what is
 * committed, so offsets would call a run done too early; counting what {@code read_committed} hands over is right for
 * every delivery mode. It runs on its own thread from before the contestant starts, so that the moment of "done" is
 * not delayed by a count made afterwards; its cost (one consumer reading what the contestant writes) is the same for
 * every contestant.
 */
final class ReadCommittedWatcher implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration DRAIN_AT_MOST = Duration.ofSeconds(30);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String output;
    private final long expectedOutput;
    private final long expectedDeadLetters;
    private final AtomicLong outputSeen = new AtomicLong();
    private final AtomicLong deadLettersSeen = new AtomicLong();
    private final AtomicLong firstOutputNanos = new AtomicLong();
    private final AtomicLong doneNanos = new AtomicLong();
    private final AtomicLong tenthNanos = new AtomicLong();
    private final AtomicLong ninetiethNanos = new AtomicLong();
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean stopping;
    private volatile RuntimeException failure;

    ReadCommittedWatcher(String bootstrap, int partitions, String output, long expectedOutput, String deadLetterTopic,
                         long expectedDeadLetters) {
        this.output = output;
        this.expectedOutput = expectedOutput;
        this.expectedDeadLetters = expectedDeadLetters;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000,
                // An empty fetch returns after this at most, so the first record is seen soon after it is visible.
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> assigned = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            assigned.add(new TopicPartition(output, p));
            assigned.add(new TopicPartition(deadLetterTopic, p));
        }
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        assigned.forEach(consumer::position); // positioned now, not in the contestant's time
        this.thread = new Thread(this::watch, "read-committed-watcher-" + output);
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        try {
            while (!stopping) {
                count(consumer.poll(POLL));
            }
            // Whatever became visible up to the contestant's stop (duplicates, if any, show up here).
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            long deadline = System.nanoTime() + DRAIN_AT_MOST.toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                    && System.nanoTime() < deadline) {
                count(consumer.poll(POLL));
            }
        } catch (RuntimeException e) {
            failure = e;
            done.countDown();
        } finally {
            consumer.close();
        }
    }

    private void count(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> some = records.records(tp);
            (tp.topic().equals(output) ? outputSeen : deadLettersSeen).addAndGet(some.size());
        }
        if (outputSeen.get() > 0) {
            firstOutputNanos.compareAndSet(0, now);
        }
        if (outputSeen.get() * 10 >= expectedOutput) {
            tenthNanos.compareAndSet(0, now);
        }
        if (outputSeen.get() * 10 >= expectedOutput * 9) {
            ninetiethNanos.compareAndSet(0, now);
        }
        if (outputSeen.get() >= expectedOutput && deadLettersSeen.get() >= expectedDeadLetters) {
            doneNanos.compareAndSet(0, now);
            done.countDown();
        }
    }

    boolean isDone() {
        return done.getCount() == 0;
    }

    /** Waits until every expected record is visible to {@code read_committed}; false if {@code timeout} passed. */
    boolean awaitDone(Duration timeout) throws InterruptedException {
        boolean reached = done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (failure != null) {
            throw failure;
        }
        return reached;
    }

    /** {@link System#nanoTime()} when the first output record was visible; 0 if none was. */
    long firstOutputNanos() {
        return firstOutputNanos.get();
    }

    /** {@link System#nanoTime()} when all expected records were visible; 0 if they never were. */
    long doneNanos() {
        return doneNanos.get();
    }

    /**
     * Output records per second while the contestant ran at full speed: between 10% and 90% of the expected output
     * visible, so neither its start-up (a Spark context, a consumer group's join) nor its last, partial batch
     * counts; NaN if 90% was never visible.
     */
    double steadyRecordsPerSecond() {
        long from = tenthNanos.get();
        long to = ninetiethNanos.get();
        return from == 0 || to == 0 || to == from ? Double.NaN : expectedOutput * 0.8 / ((to - from) / 1e9);
    }

    long outputSeen() {
        return outputSeen.get();
    }

    long deadLettersSeen() {
        return deadLettersSeen.get();
    }

    /** Reads to the end of what is committed now, then stops; the counts are final afterwards. */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.join(Duration.ofSeconds(60).toMillis());
        if (failure != null) {
            throw failure;
        }
    }
}
