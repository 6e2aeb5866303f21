package io.tweetstream.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tweetstream.bootstrap.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A configuration full of secrets (Kafka's PASSWORD settings under every prefix, a client plug-in's own key, a Spark
 * secret) prints none of them: not the whole configuration's toString, not the problems of a refused configuration,
 * not the {@code settings} command.
 */
class SecretsNeverPrintedTest {

    static final String PASSWORD = "s3cr3t-Pa55w0rd";

    /** Settings carrying {@link #PASSWORD} wherever a secret can be written. */
    static Map<String, String> withSecrets() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kafka.client.sasl.mechanism", "PLAIN");
        settings.put("kafka.client.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule "
                + "required username=\"tweetstream\" password=\"" + PASSWORD + "\";");
        settings.put("kafka.client.ssl.truststore.password", PASSWORD);
        settings.put("kafka.producer.ssl.key.password", PASSWORD);
        settings.put("kafka.consumer.ssl.keystore.password", PASSWORD);
        settings.put("kafka.extra-keys", "basic.auth.user.info");
        settings.put("kafka.consumer.basic.auth.user.info", "tweetstream:" + PASSWORD);
        settings.put("spark.conf.spark.hadoop.fs.s3a.secret.key", PASSWORD);
        return settings;
    }

    @Test
    void theWholeConfigurationAndEachOfItsRecordsHideTheSecrets() {
        Map<String, String> written = withSecrets();
        written.putAll(Map.of("kafka.bootstrap.servers", "broker:9092", "input.topic", "in", "output.topic", "out"));

        TweetstreamConfig config = TweetstreamConfig.load(null, written, null);

        assertThat(config.toString()).doesNotContain(PASSWORD).contains("sasl.jaas.config=[hidden]",
                "sasl.mechanism=PLAIN", "spark.hadoop.fs.s3a.secret.key=*********(redacted)");
        assertThat(config.kafka().toString()).doesNotContain(PASSWORD);
        assertThat(config.spark().toString()).doesNotContain(PASSWORD);
        assertThat(config.inProcess().toString()).doesNotContain(PASSWORD);
    }

    @Test
    void aRefusedConfigurationNamesItsProblemsWithoutTheSecrets() {
        Map<String, String> written = withSecrets();
        written.putAll(Map.of("kafka.bootstrap.servers", "broker:9092", "input.topic", "in", "output.topic", "out",
                "spark.batch-interval", "forever",
                "kafka.producer.ssl.key.pasword", PASSWORD, // a typo in a secret's key
                "kafka.consumer.sasl.jaas.confg", PASSWORD,
                "kafka.client.basic.auth.user.info", PASSWORD)); // a plug-in key under a prefix it was not declared for

        assertThatThrownBy(() -> TweetstreamConfig.load(null, written, null))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSizeGreaterThanOrEqualTo(3)
                        .allSatisfy(problem -> assertThat(problem).doesNotContain(PASSWORD)))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
    }

    @Test
    void theRunCommandsConfigurationErrorOutputHasNoSecret() {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            CommandLine main = new CommandLine(new Main());
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run",
                    "-D", "kafka.bootstrap.servers=127.0.0.1:1", "-D", "input.topic=in",
                    "-D", "processing.parallelism=-3", "-D", "kafka.producer.ssl.key.pasword=" + PASSWORD));
            withSecrets().forEach((k, v) -> args.addAll(java.util.List.of("-D", k + "=" + v)));
            code = main.execute(args.toArray(String[]::new));
        } finally {
            System.setErr(originalErr);
        }

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("processing.parallelism", "output.topic")
                .doesNotContain(PASSWORD);
    }

    @Test
    void theSettingsCommandPrintsDeclarationsNotValues() {
        PrintStream originalOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(new CommandLine(new Main()).execute("settings")).isZero();
        } finally {
            System.setOut(originalOut);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("kafka.client.").doesNotContain(PASSWORD);
    }
}
