package io.tweetstream.bootstrap.job;

import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.TweetCodec;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * An independent {@code read_committed} reader of a job's output that tallies numbered tweets ({@code "tweet <n>"},
 * as {@code NumberedTweets} writes them) by content: which numbers arrived, and how many records in all, so
 * duplicates are {@code read - distinct}. It keeps a bit per number, not the records, so a million fit in a small
 * heap. One thread uses it.
 */
public final class NumberedOutput implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final TweetCodec codec;
    private final BitSet seen = new BitSet();
    private long read;
    private long foreign;

    public NumberedOutput(String bootstrapServers, String topic, TweetCodec codec) {
        this.codec = codec;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                // sees only what a downstream exactly-once consumer would see
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /**
     * Reads until tweets {@code 0 .. expected-1} all arrived or the timeout passed; true when they did. Not a wait
     * that fails: the caller asserts on {@link #distinct()}.
     */
    public boolean awaitAll(int expected, Duration timeout) {
        return awaitDistinct(expected, timeout) && seen.nextClearBit(0) >= expected;
    }

    /** Reads until at least {@code expected} distinct tweets arrived or the timeout passed; true when they did. */
    public boolean awaitDistinct(int expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seen.cardinality() < expected && System.nanoTime() < deadline) {
            poll(Duration.ofMillis(200));
        }
        return seen.cardinality() >= expected;
    }

    /** Reads up to the current end of every partition (the last stable offset, read_committed). */
    public void readToEnd(Duration timeout) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline
                && end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            poll(Duration.ofMillis(200));
        }
    }

    private void poll(Duration timeout) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
            read++;
            if (codec.decode(record.value()) instanceof DecodeResult.Success success
                    && success.tweet().text().startsWith("tweet ")) {
                seen.set(Integer.parseInt(success.tweet().text().substring("tweet ".length())));
            } else {
                foreign++;
            }
        }
    }

    /** Distinct tweet numbers read so far. */
    public int distinct() {
        return seen.cardinality();
    }

    /** Records read so far, duplicates included. */
    public long read() {
        return read;
    }

    /** Records read more than once by content. */
    public long duplicates() {
        return read - foreign - seen.cardinality();
    }

    /** Records that were not numbered tweets (should be none). */
    public long foreign() {
        return foreign;
    }

    /** The lowest number below {@code expected} that never arrived, or -1 when all did. */
    public int firstMissing(int expected) {
        int missing = seen.nextClearBit(0);
        return missing < expected ? missing : -1;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
