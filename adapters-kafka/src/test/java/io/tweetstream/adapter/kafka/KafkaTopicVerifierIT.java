package io.tweetstream.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tweetstream.testkit.SharedKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KafkaTopicVerifierIT {

    @Test
    void anUnreachableBrokerFailsWithinTheBoundNamingBootstrapServers() {
        KafkaSettings settings = KafkaSettings.of("127.0.0.1:1", "in").withCheckTimeout(Duration.ofSeconds(3));
        long start = System.nanoTime();

        assertThatThrownBy(() -> new KafkaTopicVerifier(settings, Set.of(SinkTopic.onInputCluster("out"))).verifyTopics())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot reach Kafka at kafka.bootstrap.servers=127.0.0.1:1 within 3000 ms");

        long elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        System.out.printf("unreachable broker reported after %d ms (bound 3000 ms)%n", elapsedMs);
        assertThat(elapsedMs).as("fails within the bound, plus client shutdown").isLessThan(8_000);
    }

    @Test
    void theOutputTopicMustDifferFromTheInputAndDeadLetterTopicsBeforeAnythingIsAsked() {
        KafkaSettings settings = KafkaSettings.of("127.0.0.1:1", "in");

        for (String clash : List.of("in", "in.dlq")) {
            assertThatThrownBy(() -> new KafkaTopicVerifier(settings, Set.of(SinkTopic.onInputCluster(clash))).verifyTopics())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("output.topic must differ from input.topic and dead-letter.topic, got '" + clash
                            + "' for more than one of them");
        }
    }

    @Test
    void aMissingTopicWithCreationDisabledIsNamed() {
        String in = SharedKafka.newTopic("verify-in", 2);
        String out = "missing-" + UUID.randomUUID();
        KafkaSettings settings = KafkaSettings.of(SharedKafka.bootstrapServers(), in);

        assertThatThrownBy(() -> new KafkaTopicVerifier(settings, Set.of(SinkTopic.onInputCluster(out))).verifyTopics())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("topic(s) " + out + ", " + in + ".dlq do not exist")
                .hasMessageContaining("topics.create=false");
    }

    @Test
    void missingTopicsAreCreatedWhenConfiguredAndPartitionCountsReturned() {
        String in = SharedKafka.newTopic("verify-create-in", 6);
        String out = "created-" + UUID.randomUUID();
        KafkaSettings settings = KafkaSettings.of(SharedKafka.bootstrapServers(), in)
                .withTopicCreation(new KafkaSettings.TopicCreation(true, 3, (short) 1));

        assertThat(new KafkaTopicVerifier(settings, Set.of(SinkTopic.onInputCluster(out))).verifyTopics())
                .containsEntry(in, 6).containsEntry(out, 3).containsEntry(in + ".dlq", 3);
        assertThat(new KafkaTopicVerifier(settings.withTopicCreation(KafkaSettings.TopicCreation.DISABLED),
                Set.of(SinkTopic.onInputCluster(out)))
                .verifyTopics()).as("a second check finds them").containsEntry(out, 3);
    }

    /**
     * The output topic is looked for on its own cluster, the dead-letter topic on the input's: an output cluster
     * that does not answer is named by its setting although the input's answers and holds every topic.
     */
    @Test
    void theOutputTopicIsCheckedOnTheOutputClusterAndTheDeadLettersOnTheInputs() {
        String in = SharedKafka.newTopic("verify-clusters-in", 1);
        String dlq = SharedKafka.newTopic("verify-clusters-dlq", 1);
        String out = SharedKafka.newTopic("verify-clusters-out", 1);
        KafkaSettings settings = new KafkaSettings(SharedKafka.bootstrapServers(), in, dlq, Map.of(), Map.of(),
                PoolSettings.DEFAULT, KafkaSettings.TopicCreation.DISABLED, Duration.ofSeconds(3));

        assertThat(new KafkaTopicVerifier(settings, Set.of(new SinkTopic(out, SharedKafka.bootstrapServers())))
                .verifyTopics()).as("the same cluster, written out").containsKeys(in, out, dlq);
        assertThatThrownBy(() -> new KafkaTopicVerifier(settings, Set.of(new SinkTopic(out, "127.0.0.1:1")))
                .verifyTopics())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot reach Kafka at output.bootstrap.servers=127.0.0.1:1 within 3000 ms");
    }
}
