package io.tweetstream.bootstrap.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.tweetstream.adapter.avro.AvroCodecs;
import io.tweetstream.application.fake.NumberedTweets;
import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.testkit.EmbeddedKafka;
import io.tweetstream.testkit.TestTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real job, configured with a SASL password and other secrets under every prefix, runs against the PLAINTEXT
 * broker (with {@code security.protocol=PLAINTEXT} the SASL settings are unused), delivers every tweet, logs its
 * configuration, and its whole log (ours, Kafka's clients', Spark's) holds the password nowhere.
 */
class SecretsInJobLogIT {

    private static final String PASSWORD = "s3cr3t-Pa55w0rd";
    private static final int TWEETS = 2_000;
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

    @ParameterizedTest(name = "engine={0}")
    @ValueSource(strings = {"spark", "in-process"})
    void theJobRunsWithSecretsAndItsLogHoldsNone(String engine) throws Exception {
        String in = topics.create("secrets-in", 3, Map.of());
        String out = topics.create("secrets-out", 3, Map.of());
        topics.createNamed(in + ".dlq", 1, Map.of());
        topics.write(in, NumberedTweets.keyed(codec, 0, TWEETS, 31, 1_732_500_000L));

        Map<String, String> settings = new LinkedHashMap<>(Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(), "input.topic", in, "output.topic", out,
                "kafka.group.id", "secrets-" + engine, "engine", engine, "spark.batch-interval", "500ms"));
        settings.put("kafka.client.security.protocol", "PLAINTEXT");
        settings.put("kafka.client.sasl.mechanism", "PLAIN");
        settings.put("kafka.client.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule "
                + "required username=\"tweetstream\" password=\"" + PASSWORD + "\";");
        settings.put("kafka.client.ssl.truststore.password", PASSWORD);
        settings.put("kafka.producer.ssl.key.password", PASSWORD);
        settings.put("kafka.extra-keys", "basic.auth.user.info");
        settings.put("kafka.consumer.basic.auth.user.info", "tweetstream:" + PASSWORD);
        settings.put("spark.conf.spark.hadoop.fs.s3a.secret.key", PASSWORD);

        List<ConsumerRecord<byte[], byte[]>> delivered;
        String log;
        // Everything at INFO: Kafka's clients print their whole configuration, Spark its start-up
        Path logging = Path.of("src", "test", "resources", "log4j2-everything-info.properties").toAbsolutePath();
        try (JobProcess job = JobProcess.start("secrets-" + engine, settings,
                List.of("-Dlog4j2.configurationFile=" + logging))) {
            delivered = topics.readUntilDistinct(out, TWEETS, this::text, WAIT);
            job.sigterm();
            assertThat(job.await(WAIT)).as("stopped in time").isTrue();
            assertThat(job.exitValue()).as(job.tail(40)).isZero();
            log = Files.readString(job.log(), StandardCharsets.UTF_8);
        }

        assertThat(delivered.stream().map(this::text).distinct().count()).as("the job ran with the secrets")
                .isEqualTo(TWEETS);
        assertThat(log).as("the configuration was logged, redacted").contains("configuration: ",
                "sasl.jaas.config=[hidden]", "basic.auth.user.info=[hidden]");
        assertThat(log).as("Kafka's clients logged theirs").contains("ConsumerConfig values", "ProducerConfig values");
        long hits = log.lines().filter(line -> line.contains(PASSWORD)).count();
        assertThat(hits).as("log lines holding the password, in %,d lines", log.lines().count()).isZero();
        System.out.printf("secrets (%s): %,d log lines, 0 holding the password; %,d tweets delivered%n", engine,
                log.lines().count(), TWEETS);
    }

    private String text(ConsumerRecord<byte[], byte[]> record) {
        return ((DecodeResult.Success) codec.decode(record.value())).tweet().text();
    }
}
