package io.tweetstream.kafkasource;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSecretsTest {

    private static final String PASSWORD = "s3cr3t-Pa55w0rd";

    @Test
    void everyValueKafkaDeclaresAsAPasswordIsHiddenOthersAreShown() {
        Map<String, String> shown = KafkaSecrets.redacted(Map.of(
                "sasl.jaas.config", "PlainLoginModule required username=\"u\" password=\"" + PASSWORD + "\";",
                "ssl.key.password", PASSWORD,
                "ssl.keystore.password", PASSWORD,
                "ssl.truststore.password", PASSWORD,
                "ssl.keystore.key", PASSWORD,
                "security.protocol", "SASL_SSL",
                "linger.ms", "5"));

        assertThat(shown.toString()).doesNotContain(PASSWORD);
        assertThat(shown).containsEntry("sasl.jaas.config", "[hidden]").containsEntry("ssl.key.password", "[hidden]")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("linger.ms", "5");
    }

    @Test
    void aKeyKafkaDoesNotDeclareIsHiddenTooForNothingSaysItIsNotASecret() {
        assertThat(KafkaSecrets.redacted(Map.of("basic.auth.user.info", "user:" + PASSWORD)))
                .containsExactly(Map.entry("basic.auth.user.info", "[hidden]"));
    }
}
