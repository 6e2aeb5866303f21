package io.tweetstream.adapter.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Spark engine's settings print no secret: Kafka's by their declared type, Spark's by spark.redaction.regex. */
class SparkEngineSettingsToStringTest {

    private static final String PASSWORD = "s3cr3t-Pa55w0rd";

    @Test
    void kafkaPasswordsAndSparkSecretsAreRedactedTheRestIsShown() {
        SparkEngineSettings settings = SparkEngineSettings.builder("in", "broker:9092", "g")
                .consumerConfig(Map.of("sasl.jaas.config", "PlainLoginModule required password=\"" + PASSWORD + "\";",
                        "ssl.keystore.password", PASSWORD, "fetch.min.bytes", "1024"))
                .sparkConfig(Map.of("spark.hadoop.fs.s3a.secret.key", PASSWORD, "spark.executor.memory", "2g",
                        "spark.executorEnv.DB_PASSWORD", PASSWORD))
                .build();

        assertThat(settings.toString()).doesNotContain(PASSWORD)
                .contains("sasl.jaas.config=[hidden]", "ssl.keystore.password=[hidden]", "fetch.min.bytes=1024",
                        "spark.executor.memory=2g", "spark.hadoop.fs.s3a.secret.key=*********(redacted)");
    }

    @Test
    void theSettingsOwnRedactionRegexIsSparksRule() {
        SparkEngineSettings settings = SparkEngineSettings.builder("in", "broker:9092", "g")
                .sparkConfig(Map.of("spark.redaction.regex", "(?i)secret|password|credential",
                        "spark.my.credential", "abc", "spark.executor.memory", "2g"))
                .build();

        assertThat(settings.toString()).doesNotContain("abc").contains("spark.executor.memory=2g");
    }
}
