package io.tweetstream.bootstrap.cli;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A downstream reader's view of delivery latency: an independent {@code read_committed} consumer of the output topic
 * takes, for every output record, the wall-clock time at which {@code poll} handed it over minus the CreateTime of
 * the input record it came from, into an HdrHistogram (milliseconds). The output record carries its input's key (the
 * pipeline keeps it), which the sender makes the input's sequence number; the sender notes each sequence's CreateTime
 * in {@code sentAt}. Only sequences in the range given to {@link #measure} are recorded (the warm-up is not).
 */
final class ArrivalLatencyWatcher implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(50);
    private static final long HIGHEST_MS = TimeUnit.MINUTES.toMillis(30);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AtomicLongArray sentAt;
    private volatile long firstMeasured = Long.MAX_VALUE;
    private volatile long endMeasured = Long.MAX_VALUE;
    private final Histogram latencyMs = new Histogram(HIGHEST_MS, 3);
    private final AtomicLong seen = new AtomicLong();
    private final AtomicLong measuredSeen = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile RuntimeException failure;

    ArrivalLatencyWatcher(String bootstrap, int partitions, String output, AtomicLongArray sentAt) {
        this.sentAt = sentAt;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000,
                // fetch.min.bytes stays 1: the broker answers as soon as anything is there; this bounds an empty wait.
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> assigned = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            assigned.add(new TopicPartition(output, p));
        }
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        assigned.forEach(consumer::position);
        thread = new Thread(this::watch, "arrival-latency-watcher-" + output);
        thread.setDaemon(true);
        thread.start();
    }

    /** From now on, records of sequences {@code [first, end)} are measured; call it before the first is sent. */
    void measure(long first, long end) {
        endMeasured = end;
        firstMeasured = first;
    }

    static byte[] key(long sequence) {
        return ByteBuffer.allocate(Long.BYTES).putLong(sequence).array();
    }

    private void watch() {
        try {
            while (!stopping) {
                record(consumer.poll(POLL));
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close();
        }
    }

    private void record(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        long arrived = System.currentTimeMillis(); // the moment a reader could act on them
        for (ConsumerRecord<byte[], byte[]> r : records) {
            seen.incrementAndGet();
            if (r.key() == null || r.key().length != Long.BYTES) {
                unknown.incrementAndGet();
                continue;
            }
            long key = ByteBuffer.wrap(r.key()).getLong();
            if (key < 0 || key >= sentAt.length() || sentAt.get((int) key) == 0) {
                unknown.incrementAndGet();
                continue;
            }
            int sequence = (int) key;
            if (sequence >= firstMeasured && sequence < endMeasured) {
                measuredSeen.incrementAndGet();
                latencyMs.recordValue(Math.min(HIGHEST_MS, Math.max(0, arrived - sentAt.get(sequence))));
            }
        }
    }

    /** Output records seen so far (warm-up, probes and duplicates included). */
    long seen() {
        check();
        return seen.get();
    }

    /** Output records of the measured sequences seen so far. */
    long measuredSeen() {
        check();
        return measuredSeen.get();
    }

    /** Output records whose key is not a sequence the sender noted: 0 unless something is wrong. */
    long unknown() {
        return unknown.get();
    }

    /** Stops reading; the histogram is final afterwards. */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.join(TimeUnit.SECONDS.toMillis(30));
        check();
    }

    /** Only after {@link #close()}: HdrHistogram is not safe to read while the watcher writes. */
    Histogram latencyMs() {
        if (thread.isAlive()) {
            throw new IllegalStateException("still watching");
        }
        return latencyMs;
    }

    private void check() {
        if (failure != null) {
            throw failure;
        }
    }
}
