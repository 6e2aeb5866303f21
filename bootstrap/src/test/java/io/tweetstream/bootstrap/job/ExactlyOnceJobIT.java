package io.tweetstream.bootstrap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tweetstream.adapter.avro.AvroCodecs;
import io.tweetstream.application.fake.NumberedTweets;
import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.testkit.EmbeddedKafka;
import io.tweetstream.testkit.TestTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real job ({@code Main run} in a child JVM) with {@code delivery=exactly-once} on the in-process engine: the
 * settings, the wiring and the engine together deliver every tweet once to a {@code read_committed} reader, the bad
 * records once to the dead-letter topic, commit the whole input, and stop with exit 0 on SIGTERM.
 */
class ExactlyOnceJobIT {

    private static final Duration WAIT = Duration.ofSeconds(120);

    private static EmbeddedKafka kafka;
    private static TestTopics topics;
    private final TweetCodec codec = AvroCodecs.factory(AvroCodecs.BINARY).create();

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
        topics = new TestTopics(kafka);
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void theJobDeliversEveryTweetOnceAndCommitsTheInputWithIt() {
        String in = topics.create("eos-job-in", 3, Map.of());
        String out = topics.create("eos-job-out", 3, Map.of());
        String dlq = topics.createNamed(in + ".dlq", 1, Map.of());
        List<byte[][]> records = new ArrayList<>(NumberedTweets.keyed(codec, 0, 5_000, 37, 1_732_500_000L));
        for (int i = 0; i < 100; i++) {
            records.add(i * 50, new byte[][] {null, ("bad " + i).getBytes(StandardCharsets.UTF_8)});
        }
        topics.write(in, records);
        String group = "eos-job";

        List<ConsumerRecord<byte[], byte[]>> output;
        List<ConsumerRecord<byte[], byte[]>> dead;
        try (JobProcess job = JobProcess.start("eos-job", Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(), "input.topic", in, "output.topic", out,
                "kafka.group.id", group, "engine", "in-process", "delivery", "exactly-once",
                "kafka.consumer.max.poll.records", "500"))) {
            output = topics.readAll(out, 5_000, WAIT);
            dead = topics.readAll(dlq, 100, WAIT);
            await("the whole input committed").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> topics.committed(group).values().stream().mapToLong(OffsetAndMetadata::offset)
                            .sum() >= records.size());
            job.sigterm();
            assertThat(job.await(WAIT)).as("stopped in time").isTrue();
            assertThat(job.exitValue()).as(job.tail(30)).isZero();
        }

        assertThat(output).extracting(r -> ((DecodeResult.Success) codec.decode(r.value())).tweet().text())
                .as("every tweet once, read_committed")
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 5_000).mapToObj(i -> "tweet " + i).toList());
        assertThat(dead).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).as("every bad record once")
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 100).mapToObj(i -> "bad " + i).toList());
        System.out.printf("exactly-once job (in-process): %,d in, %,d out, %,d dead letters, committed %,d%n",
                records.size(), output.size(), dead.size(),
                topics.committed(group).values().stream().mapToLong(OffsetAndMetadata::offset).sum());
    }
}
