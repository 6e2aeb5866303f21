package io.tweetstream.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Kafka adapter's settings print no secret: not in their own toString, not in the sink factories shipped. */
class KafkaSettingsToStringTest {

    private static final String PASSWORD = "s3cr3t-Pa55w0rd";
    private static final Map<String, String> CLIENT = Map.of(
            "security.protocol", "SASL_SSL",
            "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" "
                    + "password=\"" + PASSWORD + "\";",
            "ssl.truststore.password", PASSWORD);
    private static final Map<String, String> PRODUCER = Map.of("ssl.key.password", PASSWORD, "linger.ms", "20",
            "basic.auth.user.info", "u:" + PASSWORD);

    @Test
    void kafkaSettingsHideEveryPasswordAndShowTheRest() {
        KafkaSettings settings = new KafkaSettings("broker:9092", "in", null, CLIENT, PRODUCER, PoolSettings.DEFAULT,
                KafkaSettings.TopicCreation.DISABLED, Duration.ofSeconds(30));

        assertThat(settings.toString()).doesNotContain(PASSWORD)
                .contains("sasl.jaas.config=[hidden]", "ssl.truststore.password=[hidden]", "ssl.key.password=[hidden]",
                        "basic.auth.user.info=[hidden]", "security.protocol=SASL_SSL", "linger.ms=20");
    }

    @Test
    void producerSettingsAndTheSinkFactoriesShippedToExecutorsHideThem() {
        KafkaSettings settings = new KafkaSettings("broker:9092", "in", null, CLIENT, PRODUCER, PoolSettings.DEFAULT,
                KafkaSettings.TopicCreation.DISABLED, Duration.ofSeconds(30));
        ProducerSettings producer = settings.producerSettings();

        assertThat(producer.toString()).doesNotContain(PASSWORD);
        assertThat(new KafkaSinkFactories.Tweets(producer, "out").toString()).doesNotContain(PASSWORD);
        assertThat(new KafkaSinkFactories.DeadLetters(producer, "in.dlq").toString()).doesNotContain(PASSWORD);
    }
}
