package io.tweetstream.bootstrap.demo;

import io.tweetstream.application.metrics.DeliveryLatency;
import io.tweetstream.application.service.PipelineCounters;
import java.io.PrintStream;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The demo's live dashboard: one line per call with counts, records/s and p99 delivery latency since the last line,
 * dead letters and the consumer group's lag. On a terminal the line is refreshed in place; otherwise (a pipe, a log
 * file, CI) each call prints a plain line.
 */
public final class DemoProgress implements AutoCloseable {

    private static final String CLEAR_TO_END_OF_LINE = "\033[K";

    private final Admin admin;
    private final String topic;
    private final String groupId;
    private final long target;
    private final PrintStream out;
    private final boolean inPlace;
    private long lastConsumed;
    private long lastNanos = System.nanoTime();
    private DeliveryLatency lastLatency = DeliveryLatency.NONE;
    private boolean finished;

    public DemoProgress(String bootstrapServers, String topic, String groupId, long target) {
        this(bootstrapServers, topic, groupId, target, System.out, System.console() != null);
    }

    DemoProgress(String bootstrapServers, String topic, String groupId, long target, PrintStream out,
                 boolean inPlace) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000));
        this.topic = topic;
        this.groupId = groupId;
        this.target = target;
        this.out = out;
        this.inPlace = inPlace;
    }

    public void print(PipelineCounters counters) {
        long now = System.nanoTime();
        long consumed = counters.consumed();
        double rate = (consumed - lastConsumed) / ((now - lastNanos) / 1e9);
        DeliveryLatency latency = counters.latency();
        double p99 = latency.minus(lastLatency).quantileMillis(0.99);
        lastConsumed = consumed;
        lastNanos = now;
        lastLatency = latency;
        show(out, inPlace, line(consumed, target, counters.produced(), counters.deadLettered(), rate, p99, lag()));
    }

    /** The dashboard's text; {@code p99Millis} NaN when nothing was delivered since the last line. */
    static String line(long consumed, long target, long produced, long deadLettered, double rate, double p99Millis,
                       String lag) {
        return String.format("consumed %,d/%,d  produced %,d  dead-lettered %,d  %,.0f records/s  p99 %s  lag %s",
                consumed, target, produced, deadLettered, rate,
                Double.isNaN(p99Millis) ? "-" : String.format("%,.0f ms", p99Millis), lag);
    }

    /** In place: back to the line's start, the new text, the old one's tail erased; no newline. */
    static void show(PrintStream out, boolean inPlace, String line) {
        if (inPlace) {
            out.print("\r" + line + CLEAR_TO_END_OF_LINE);
            out.flush();
        } else {
            out.println(line);
        }
    }

    /** End offset minus committed offset over all partitions (committed trails delivery by up to one batch). */
    private String lag() {
        try {
            Set<TopicPartition> partitions = admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic)
                    .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            long lag = 0;
            for (var end : admin.listOffsets(latest).all().get().entrySet()) {
                OffsetAndMetadata mark = committed.get(end.getKey());
                lag += end.getValue().offset() - (mark == null ? 0 : mark.offset());
            }
            return String.format("%,d", lag);
        } catch (Exception e) {
            return "unknown (" + e.getClass().getSimpleName() + ")";
        }
    }

    /** On a terminal, ends the refreshed line, so that what follows (the summary) starts on a line of its own. */
    public void finish() {
        if (inPlace && !finished) {
            out.println();
        }
        finished = true;
    }

    @Override
    public void close() {
        finish();
        admin.close();
    }
}
