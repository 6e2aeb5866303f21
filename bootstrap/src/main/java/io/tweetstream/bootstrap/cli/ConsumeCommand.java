package io.tweetstream.bootstrap.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.TweetCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Prints a topic as JSON lines: tweets, or dead letters with their reasons. Reads without joining a group. */
@Command(name = "consume", mixinStandardHelpOptions = true,
        description = "Print a topic's tweets as JSON lines (or, with --dead-letters, dead letters with their reasons).")
public final class ConsumeCommand implements Callable<Integer> {

    @Mixin
    TopicOptions target = new TopicOptions();

    @Option(names = "--dead-letters", description = "The topic holds dead letters: print reason, source and bytes.")
    boolean deadLetters;

    @Option(names = "--max", defaultValue = "" + Long.MAX_VALUE, description = "Stop after this many records.")
    long max;

    @Option(names = "--idle-timeout", defaultValue = "5", description = "Stop after this many seconds without records (default ${DEFAULT-VALUE}).")
    int idleSeconds;

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        TweetCodec tweetCodec = target.tweetCodec("consume");
        if (tweetCodec == null) {
            return ExitCodes.BAD_CONFIGURATION;
        }
        long printed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(target.topic).stream()
                    .map(p -> new TopicPartition(target.topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long idleSince = System.nanoTime();
            while (printed < max && System.nanoTime() - idleSince < Duration.ofSeconds(idleSeconds).toNanos()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    idleSince = System.nanoTime();
                    System.out.println(deadLetters ? deadLetter(record) : tweet(record, tweetCodec));
                    if (++printed >= max) {
                        break;
                    }
                }
            }
        }
        System.err.printf("printed %,d record(s) from %s%n", printed, target.topic);
        return ExitCodes.OK;
    }

    private String tweet(ConsumerRecord<byte[], byte[]> record, TweetCodec tweetCodec) throws Exception {
        ObjectNode node = json.createObjectNode();
        DecodeResult decoded = tweetCodec.decode(record.value());
        if (decoded instanceof DecodeResult.Success success) {
            node.put("username", success.tweet().username());
            node.put("text", success.tweet().text());
            node.put("timestamp", success.tweet().timestamp());
        } else {
            node.put("undecodable", ((DecodeResult.Failure) decoded).reason());
        }
        return json.writeValueAsString(node);
    }

    private String deadLetter(ConsumerRecord<byte[], byte[]> record) throws Exception {
        ObjectNode node = json.createObjectNode();
        for (Header header : record.headers()) {
            if (header.key().startsWith("tweetstream.dlq.")) {
                node.put(header.key().substring("tweetstream.dlq.".length()),
                        header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        node.put("bytes", record.value() == null ? null : Base64.getEncoder().encodeToString(record.value()));
        return json.writeValueAsString(node);
    }
}
