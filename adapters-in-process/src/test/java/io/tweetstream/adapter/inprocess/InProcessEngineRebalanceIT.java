package io.tweetstream.adapter.inprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tweetstream.adapter.kafka.KafkaSinkFactories;
import io.tweetstream.application.fake.FakeTweetCodec;
import io.tweetstream.application.fake.NumberedTweets;
import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.service.PipelineCounters;
import io.tweetstream.application.service.ProcessBatchServiceFactory;
import io.tweetstream.domain.Tweet;
import io.tweetstream.testkit.SharedKafka;
import io.tweetstream.testkit.TestTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A second in-process engine joins the group while the first is working: partitions move (a rebalance), and no
 * tweet is lost. Each engine has one reader, so the rebalance really moves partitions between them.
 */
class InProcessEngineRebalanceIT {

    private final FakeTweetCodec codec = new FakeTweetCodec();

    @Test
    void aRebalanceInTheMiddleLosesNothing() throws Exception {
        TestTopics topics = new TestTopics(SharedKafka.broker());
        String in = topics.create("rebalance-in", 4, Map.of());
        String out = topics.create("rebalance-out", 4, Map.of());
        topics.createNamed(in + ".dlq", 1, Map.of());
        topics.write(in, tweets(0, 20_000));

        PipelineCounters first = new PipelineCounters();
        PipelineCounters second = new PipelineCounters();
        InProcessEngine a = engine(in, out, first);
        a.start();
        topics.readAll(out, 1, Duration.ofSeconds(30)); // a is under way
        InProcessEngine b = engine(in, out, second);
        b.start();
        awaitTwoMembersWithPartitions("rebalance-it");
        topics.write(in, tweets(20_000, 20_000));

        List<ConsumerRecord<byte[], byte[]>> output = topics.readUntilDistinct(out, 40_000, r -> decode(r.value()).text(),
                Duration.ofSeconds(90));
        a.stop(true);
        b.stop(true);

        long distinct = output.stream().map(r -> decode(r.value()).text()).distinct().count();
        assertThat(distinct).as("nothing lost across the rebalance").isEqualTo(40_000);
        assertThat(second.consumed()).as("the second engine got partitions").isPositive();
        System.out.printf("rebalance: first engine consumed %,d, second %,d, %d duplicate(s)%n",
                first.consumed(), second.consumed(), output.size() - 40_000);
    }

    /** The rebalance has happened: both engines' readers hold partitions. */
    private static void awaitTwoMembersWithPartitions(String group) {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(SharedKafka.broker().clientConfig())) {
            await("the second engine gets partitions of group " + group)
                    .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertThat(admin.describeConsumerGroups(List.of(group)).all().get().get(group)
                            .members()).as("members of group %s", group).hasSize(2)
                            .allSatisfy(m -> assertThat(m.assignment().topicPartitions())
                                    .as("partitions of member %s", m.consumerId()).isNotEmpty()));
        }
    }

    private InProcessEngine engine(String in, String out, PipelineCounters metrics) {
        String bootstrap = SharedKafka.bootstrapServers();
        ProcessBatchServiceFactory pipeline = new ProcessBatchServiceFactory(FakeTweetCodec::new, "identity",
                KafkaSinkFactories.tweets(bootstrap, out), KafkaSinkFactories.deadLetters(bootstrap, in + ".dlq"));
        InProcessEngineSettings settings = new InProcessEngineSettings(bootstrap, in, "rebalance-it", "earliest",
                Map.of("max.poll.records", "500"), OptionalInt.of(1), Duration.ofMillis(100), 30, false);
        return new InProcessEngine(settings, pipeline, metrics);
    }

    private List<byte[][]> tweets(int from, int count) {
        return NumberedTweets.keyed(codec, from, count, 53, 0);
    }

    private Tweet decode(byte[] bytes) {
        return ((DecodeResult.Success) codec.decode(bytes)).tweet();
    }
}
