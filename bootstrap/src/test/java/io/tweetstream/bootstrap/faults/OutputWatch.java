package io.tweetstream.bootstrap.faults;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches how many records the output topic holds (the sum of its end offsets, asked every 250 ms) and the longest
 * time it did not grow: the output's stall during a fault. A question the cluster does not answer counts as no
 * growth. A figure to print, not to assert on.
 */
final class OutputWatch implements AutoCloseable {

    private static final long EVERY_MILLIS = 250;

    private final Admin admin;
    private final Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long records = -1;
    private volatile long lastGrowth;
    private volatile long longestStallNanos;

    OutputWatch(String bootstrapServers, String topic, int partitionCount) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000));
        for (int p = 0; p < partitionCount; p++) {
            partitions.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        this.thread = new Thread(this::run, "output-watch-" + topic);
    }

    OutputWatch start() {
        lastGrowth = System.nanoTime();
        thread.start();
        return this;
    }

    private void run() {
        while (running) {
            long now = System.nanoTime();
            try {
                long sum = admin.listOffsets(partitions).all().get(3, TimeUnit.SECONDS).values().stream()
                        .mapToLong(info -> info.offset()).sum();
                if (sum > records) {
                    records = sum;
                    lastGrowth = now;
                }
            } catch (Exception e) {
                // unanswered: no growth seen
            }
            longestStallNanos = Math.max(longestStallNanos, now - lastGrowth);
            try {
                Thread.sleep(EVERY_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Records in the output topic at the last answer (-1 before the first). */
    long records() {
        return records;
    }

    /** The longest time, so far, the output topic did not grow. */
    Duration longestStall() {
        return Duration.ofNanos(longestStallNanos);
    }

    /** Waits until the output grew past {@code records}; returns how long that took, or null after {@code timeout}. */
    Duration awaitGrowthPast(long records, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < timeout.toNanos()) {
            if (this.records > records) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(50);
        }
        return null;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
        admin.close(Duration.ofSeconds(5));
    }
}
