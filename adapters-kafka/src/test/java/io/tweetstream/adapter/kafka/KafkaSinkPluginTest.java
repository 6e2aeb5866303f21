package io.tweetstream.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.tweetstream.application.port.out.DeadLetterSinkFactory;
import io.tweetstream.application.port.out.TweetSinkFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** Which cluster the output sink and the dead letters write to, with and without {@code output.bootstrap.servers}. */
class KafkaSinkPluginTest {

    private final KafkaSettings settings = new KafkaSettings("input-cluster:9092", "in", null, Map.of(),
            Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "45000"), PoolSettings.DEFAULT,
            KafkaSettings.TopicCreation.DISABLED, java.time.Duration.ofSeconds(30));

    @Test
    void withoutItsOwnClusterTheOutputGoesToTheInputsCluster() {
        Injector injector = injector(Map.of("output.topic", "out"));

        assertThat(output(injector).producer().config())
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "input-cluster:9092");
        assertThat(sinkTopics(injector)).containsExactly(SinkTopic.onInputCluster("out"));
    }

    @Test
    void outputBootstrapServersMovesTheOutputOnlyTheDeadLettersStayWithTheInput() {
        Injector injector = injector(Map.of("output.topic", "out", "output.bootstrap.servers", " output-cluster:9092 "));

        KafkaSinkFactories.Tweets output = output(injector);
        assertThat(output.producer().config())
                .as("the same producer settings, another cluster")
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "output-cluster:9092")
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "45000")
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all");
        assertThat(sinkTopics(injector)).containsExactly(new SinkTopic("out", "output-cluster:9092"));
        KafkaSinkFactories.DeadLetters deadLetters =
                (KafkaSinkFactories.DeadLetters) injector.getInstance(DeadLetterSinkFactory.class);
        assertThat(deadLetters.producer().config())
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "input-cluster:9092");
        assertThat(deadLetters.topic()).isEqualTo("in.dlq");
    }

    @Test
    void theSettingIsOptionalAndDocumented() {
        var key = new KafkaSinkPlugin().settings().configKeys().get("output.bootstrap.servers");

        assertThat(key.hasDefault()).isTrue();
        assertThat(key.defaultValue).isNull();
        assertThat(key.documentation).contains("kafka.bootstrap.servers");
    }

    private Injector injector(Map<String, String> written) {
        KafkaSinkPlugin plugin = new KafkaSinkPlugin();
        Map<String, Object> parsed = new HashMap<>(plugin.settings().parse(written));
        return Guice.createInjector(new KafkaAdapterModule(settings), plugin.module(parsed));
    }

    private static KafkaSinkFactories.Tweets output(Injector injector) {
        Set<TweetSinkFactory> sinks = injector.getInstance(Key.get(new TypeLiteral<Set<TweetSinkFactory>>() { }));
        assertThat(sinks).hasSize(1);
        return (KafkaSinkFactories.Tweets) sinks.iterator().next();
    }

    private static Set<SinkTopic> sinkTopics(Injector injector) {
        return injector.getInstance(Key.get(new TypeLiteral<Set<SinkTopic>>() { }, SinkTopics.class));
    }
}
