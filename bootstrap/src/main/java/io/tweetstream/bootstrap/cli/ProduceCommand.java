package io.tweetstream.bootstrap.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.bootstrap.demo.TweetGenerator;
import io.tweetstream.domain.Tweet;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Writes Avro tweets to a topic: generated ones, or JSON lines from a file. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Write tweets to a topic as Avro: N generated ones, or JSON lines {username, text, timestamp} from a file.")
public final class ProduceCommand implements Callable<Integer> {

    @Mixin
    TopicOptions target = new TopicOptions();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--count", description = "Generate this many tweets.")
        Long count;

        @Option(names = "--file", description = "Read tweets from this JSON Lines file.")
        Path file;
    }

    @Option(names = "--corrupt-every", defaultValue = "0",
            description = "With --count: make every Nth record undecodable (0: none).")
    int corruptEvery;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the generator (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        TweetCodec tweetCodec = target.tweetCodec("produce");
        if (tweetCodec == null) {
            return ExitCodes.BAD_CONFIGURATION;
        }
        try (KafkaProducer<byte[], byte[]> producer = producer(target.bootstrapServers)) {
            long written = source.count != null
                    ? generate(producer, tweetCodec, source.count, corruptEvery, seed, target.topic)
                    : fromFile(producer, tweetCodec);
            producer.flush();
            System.err.printf("wrote %,d record(s) to %s%n", written, target.topic);
        }
        return ExitCodes.OK;
    }

    /**
     * The tools' producer: acks=all, one request in flight so order holds without idempotence. Idempotence is off
     * here because an idempotent producer writing into the demo's just-created topic was seen (in CI, not
     * reproducible by hand) to retry OUT_OF_ORDER_SEQUENCE_NUMBER on one partition until its delivery timeout.
     */
    static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Generated tweets keyed by user, every {@code corruptEvery}-th one truncated on purpose. */
    static long generate(KafkaProducer<byte[], byte[]> producer, TweetCodec codec, long count, int corruptEvery,
                         long seed, String topic) {
        TweetGenerator generator = new TweetGenerator(seed);
        for (long i = 0; i < count; i++) {
            Tweet tweet = generator.next(i);
            byte[] value = codec.encode(tweet);
            if (corruptEvery > 0 && (i + 1) % corruptEvery == 0) {
                value = TweetGenerator.truncated(value);
            }
            producer.send(new ProducerRecord<>(topic, tweet.username().getBytes(StandardCharsets.UTF_8), value));
        }
        return count;
    }

    private long fromFile(KafkaProducer<byte[], byte[]> producer, TweetCodec tweetCodec) throws IOException {
        ObjectMapper json = new ObjectMapper();
        long written = 0;
        try (BufferedReader reader = Files.newBufferedReader(source.file, StandardCharsets.UTF_8)) {
            String line;
            long lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                Tweet tweet;
                try {
                    JsonNode node = json.readTree(line);
                    tweet = new Tweet(node.path("username").asText(null), node.path("text").asText(null),
                            node.path("timestamp").asLong(System.currentTimeMillis() / 1000));
                } catch (IOException | RuntimeException e) {
                    throw new IllegalArgumentException(source.file + " line " + lineNumber + ": " + e.getMessage(), e);
                }
                producer.send(new ProducerRecord<>(target.topic, tweet.username().getBytes(StandardCharsets.UTF_8),
                        tweetCodec.encode(tweet)));
                written++;
            }
        }
        return written;
    }
}
