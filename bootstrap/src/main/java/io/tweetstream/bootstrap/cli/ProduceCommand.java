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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
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
        Deliveries deliveries = new Deliveries();
        try (KafkaProducer<byte[], byte[]> producer = producer(target.bootstrapServers)) {
            if (source.count != null) {
                generate(producer, tweetCodec, source.count, corruptEvery, seed, target.topic, deliveries);
            } else {
                fromFile(producer, tweetCodec, deliveries);
            }
            producer.flush();
        }
        // Counted after close(), not only flush(): close returns once the producer's I/O thread, which runs every
        // callback, has finished, so each record sent is counted once, as acknowledged or as failed.
        System.err.printf("wrote %,d record(s) to %s%n", deliveries.acknowledged(), target.topic);
        String failures = deliveries.failures(target.topic);
        if (failures != null) {
            System.err.println("tweetstream produce: " + failures);
            return ExitCodes.PIPELINE_FAILED;
        }
        return ExitCodes.OK;
    }

    /**
     * What the broker answered to each send, counted by kafka-clients' own callback (run on the producer's I/O
     * thread): records acknowledged, records failed, and the first failure. Nothing is retried here; the producer's
     * own retries are over by the time a record fails. A record the topic refuses as too large fails at once when it
     * is alone in its batch; a refused batch of several is split and resent by kafka-clients 3.9 (KAFKA-8350) until
     * delivery.timeout.ms (2 minutes), and then its records fail with a TimeoutException.
     */
    static final class Deliveries implements Callback {
        private final AtomicLong acknowledged = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception == null) {
                acknowledged.incrementAndGet();
            } else {
                firstFailure.compareAndSet(null, exception); // before the count: a failed count implies a cause
                failed.incrementAndGet();
            }
        }

        long acknowledged() {
            return acknowledged.get();
        }

        long failed() {
            return failed.get();
        }

        /** How many failed so far and the first failure, or null when none did. */
        String failures(String topic) {
            long count = failed.get();
            return count == 0 ? null
                    : String.format("%,d record(s) failed, not written to %s; the first: %s", count, topic,
                            firstFailure.get());
        }
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
    static void generate(KafkaProducer<byte[], byte[]> producer, TweetCodec codec, long count, int corruptEvery,
                         long seed, String topic, Callback sent) {
        TweetGenerator generator = new TweetGenerator(seed);
        for (long i = 0; i < count; i++) {
            Tweet tweet = generator.next(i);
            byte[] value = codec.encode(tweet);
            if (corruptEvery > 0 && (i + 1) % corruptEvery == 0) {
                value = TweetGenerator.truncated(value);
            }
            producer.send(new ProducerRecord<>(topic, tweet.username().getBytes(StandardCharsets.UTF_8), value), sent);
        }
    }

    private void fromFile(KafkaProducer<byte[], byte[]> producer, TweetCodec tweetCodec, Callback sent)
            throws IOException {
        ObjectMapper json = new ObjectMapper();
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
                        tweetCodec.encode(tweet)), sent);
            }
        }
    }
}
