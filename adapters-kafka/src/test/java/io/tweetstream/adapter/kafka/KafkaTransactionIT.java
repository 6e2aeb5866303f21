package io.tweetstream.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tweetstream.application.fake.FakeTweetCodec;
import io.tweetstream.application.message.DeadLetter;
import io.tweetstream.application.message.DeliveryFailedException;
import io.tweetstream.application.message.GroupMember;
import io.tweetstream.application.message.OutputRecord;
import io.tweetstream.application.message.RawRecord;
import io.tweetstream.application.message.SourcePosition;
import io.tweetstream.application.port.in.BatchResult;
import io.tweetstream.application.port.in.InputProgress;
import io.tweetstream.application.port.out.DeadLetterSink;
import io.tweetstream.application.port.out.TaskResources;
import io.tweetstream.application.port.out.TransactionalOutput;
import io.tweetstream.application.port.out.TweetSink;
import io.tweetstream.application.service.ProcessBatchServiceFactory;
import io.tweetstream.domain.Tweet;
import io.tweetstream.testkit.SharedKafka;
import io.tweetstream.testkit.TestTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The Kafka transactional output on a real broker: what the sinks send and the input's next positions become
 * visible together to {@code read_committed} readers and the group at commit, not before; an abort leaves nothing;
 * a second holder of the same transactional id fences the first; a record too large is dead-lettered inside the
 * transaction instead of dooming it.
 */
class KafkaTransactionIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Long enough to see a record that should not be there. */
    private static final Duration NOTHING_WAIT = Duration.ofSeconds(3);

    private final TestTopics topics = new TestTopics(SharedKafka.broker());
    private final String bootstrap = SharedKafka.bootstrapServers();
    private final FakeTweetCodec codec = new FakeTweetCodec();

    @Test
    void aCommitMakesOutputsDeadLettersAndOffsetsVisibleTogetherAndNotBefore() {
        Topics t = topics("tx-commit");
        String group = "tx-commit-" + UUID.randomUUID();
        KafkaTransactionalOutputFactory factory = transactions(Map.of());
        TaskResources shared = new TaskResources();

        try (TransactionalOutput tx = factory.open(group + "-0")) {
            tx.begin(shared);
            writeAndFlush(t, shared, 0, 100);

            assertThat(topics.readAll(t.out, 1, NOTHING_WAIT)).as("outputs before the commit").isEmpty();
            assertThat(topics.readAll(t.dlq, 1, NOTHING_WAIT)).as("dead letters before the commit").isEmpty();
            assertThat(topics.committed(group)).as("offsets before the commit").isEmpty();

            tx.commit(List.of(new SourcePosition(t.in, 0, 100)), GroupMember.outsideTheGroup(group));
        }

        assertThat(texts(topics.readAll(t.out, 100, WAIT))).hasSize(100).doesNotHaveDuplicates();
        assertThat(topics.readAll(t.dlq, 1, WAIT)).hasSize(1);
        assertThat(topics.committed(group)).containsExactly(
                Map.entry(new TopicPartition(t.in, 0), new OffsetAndMetadata(100)));
        assertThat(shared.held()).as("the sinks' producer slot is free again").isZero();
    }

    @Test
    void anAbortLeavesNothingVisibleAndTheProducerIsReusedForTheNextBatch() {
        Topics t = topics("tx-abort");
        String group = "tx-abort-" + UUID.randomUUID();
        KafkaTransactionalOutputFactory factory = transactions(Map.of());
        long createdBefore = TransactionalProducers.jvm().created();

        TaskResources shared = new TaskResources();
        try (TransactionalOutput tx = factory.open(group + "-0")) {
            tx.begin(shared);
            writeAndFlush(t, shared, 0, 100);
            tx.abort();
        }
        try (TransactionalOutput tx = factory.open(group + "-0")) {
            tx.begin(shared);
            writeAndFlush(t, shared, 100, 10);
            tx.commit(List.of(new SourcePosition(t.in, 0, 110)), GroupMember.outsideTheGroup(group));
        }

        assertThat(texts(topics.readAll(t.out, 10, WAIT))).as("only the committed batch")
                .containsExactlyInAnyOrderElementsOf(numbered(100, 10));
        assertThat(topics.readAll(t.dlq, 1, WAIT)).as("only the committed batch's dead letter").hasSize(1);
        assertThat(topics.committed(group).get(new TopicPartition(t.in, 0)).offset()).isEqualTo(110);
        assertThat(TransactionalProducers.jvm().created() - createdBefore).as("one producer for both batches")
                .isEqualTo(1);
    }

    @Test
    void aSecondHolderOfTheSameTransactionalIdFencesTheFirst() {
        Topics t = topics("tx-fence");
        String group = "tx-fence-" + UUID.randomUUID();
        String id = group + "-0";
        long droppedBefore = TransactionalProducers.jvm().dropped();

        TaskResources olderShared = new TaskResources();
        TransactionalOutput older = transactions(Map.of()).open(id);
        older.begin(olderShared);
        writeAndFlush(t, olderShared, 0, 50);

        TaskResources newerShared = new TaskResources();
        try (TransactionalOutput newer = transactions(Map.of()).open(id)) { // another job: its own producer
            assertThatThrownBy(() -> older.commit(List.of(new SourcePosition(t.in, 0, 50)),
                    GroupMember.outsideTheGroup(group)))
                    .isInstanceOf(DeliveryFailedException.class)
                    .hasMessageContaining("another holder of transactional.id " + id + " took over");
            older.abort();
            older.close();

            newer.begin(newerShared);
            writeAndFlush(t, newerShared, 1_000, 20);
            newer.commit(List.of(new SourcePosition(t.in, 0, 20)), GroupMember.outsideTheGroup(group));
        }

        assertThat(texts(topics.readAll(t.out, 20, WAIT))).as("only the newer holder's records")
                .containsExactlyInAnyOrderElementsOf(numbered(1_000, 20));
        assertThat(topics.committed(group).get(new TopicPartition(t.in, 0)).offset()).isEqualTo(20);
        assertThat(TransactionalProducers.jvm().dropped() - droppedBefore).as("the fenced producer is dropped")
                .isEqualTo(1);
    }

    @Test
    void aRecordTooLargeIsDeadLetteredInsideTheTransactionWhichStillCommits() {
        Topics t = topics("tx-poison");
        String group = "tx-poison-" + UUID.randomUUID();
        int maxRequestSize = 50_000;
        Map<String, String> producerConfig = Map.of("max.request.size", Integer.toString(maxRequestSize));
        ProcessBatchServiceFactory pipeline = new ProcessBatchServiceFactory(FakeTweetCodec::new, "identity",
                KafkaSinkFactories.tweets(bootstrap, t.out, producerConfig),
                KafkaSinkFactories.deadLetters(bootstrap, t.dlq, producerConfig))
                .withExactlyOnce(KafkaSinkFactories.transactions(bootstrap, producerConfig));
        List<RawRecord> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(input(i, codec.encode(new Tweet("user", "tweet " + i, i))));
        }
        batch.add(input(20, codec.encode(new Tweet("user", "poison " + "x".repeat(2 * maxRequestSize), 20))));

        BatchResult result = pipeline.create().processExactlyOnce(batch.iterator(), new InputProgress(group + "-0",
                List.of(new SourcePosition(t.in, 0, 21)), GroupMember.outsideTheGroup(group)));

        assertThat(result.counts()).isEqualTo(new BatchResult(21, 20, 1));
        assertThat(texts(topics.readAll(t.out, 20, WAIT))).containsExactlyInAnyOrderElementsOf(numbered(0, 20));
        List<ConsumerRecord<byte[], byte[]>> dead = topics.readAll(t.dlq, 1, WAIT);
        assertThat(dead).singleElement().satisfies(r -> assertThat(
                new String(r.headers().lastHeader(DeadLetterRecords.REASON).value(), StandardCharsets.UTF_8))
                .contains("RecordTooLargeException", "max.request.size"));
        assertThat(topics.committed(group).get(new TopicPartition(t.in, 0)).offset()).isEqualTo(21);
    }

    /** {@code count} numbered tweets to the output and one dead letter, as a task's sinks would, then flushed. */
    private void writeAndFlush(Topics t, TaskResources shared, int from, int count) {
        try (TweetSink out = KafkaSinkFactories.tweets(bootstrap, t.out).create(shared);
             DeadLetterSink dlq = KafkaSinkFactories.deadLetters(bootstrap, t.dlq).create(shared)) {
            out.open();
            dlq.open();
            for (int i = from; i < from + count; i++) {
                Tweet tweet = new Tweet("user-" + (i % 7), "tweet " + i, i);
                out.write(new OutputRecord(tweet, null, codec.encode(tweet), List.of(),
                        input(i, codec.encode(tweet))));
            }
            dlq.write(new DeadLetter(input(from + count, new byte[] {(byte) 0xFF}), "not a tweet", "malformed"));
            assertThat(out.flush()).isEqualTo(count);
            assertThat(dlq.flush()).isEqualTo(1);
        }
    }

    private KafkaTransactionalOutputFactory transactions(Map<String, String> producerConfig) {
        return (KafkaTransactionalOutputFactory) KafkaSinkFactories.transactions(bootstrap, producerConfig);
    }

    private static RawRecord input(long offset, byte[] value) {
        return RawRecord.of(new SourcePosition("tx-in", 0, offset), null, value);
    }

    private List<String> texts(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .map(s -> s.substring(s.lastIndexOf('|') + 1)).toList();
    }

    private static List<String> numbered(int from, int count) {
        List<String> texts = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            texts.add("tweet " + i);
        }
        return texts;
    }

    /** The input topic only holds the group's offsets here (Kafka commits offsets of existing partitions only). */
    private record Topics(String in, String out, String dlq) {
    }

    private Topics topics(String prefix) {
        return new Topics(topics.create(prefix + "-in", 1, Map.of()), topics.create(prefix + "-out", 3, Map.of()),
                topics.create(prefix + "-dlq", 1, Map.of()));
    }
}
