package io.tweetstream.adapter.inprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tweetstream.kafkasource.CommitFailures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.Test;

/** A reader's commits against Kafka's own mock consumer, whose {@code commitSync} answers as the broker would. */
class ReaderCommitsTest {

    private static final TopicPartition P0 = new TopicPartition("in", 0);

    /** Throws the next scripted answer from commitSync, or commits for real (null). */
    private static final class AnsweringConsumer extends MockConsumer<byte[], byte[]> {
        final List<RuntimeException> answers = new ArrayList<>();

        AnsweringConsumer() {
            super(OffsetResetStrategy.NONE);
            assign(List.of(P0));
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            RuntimeException answer = answers.isEmpty() ? null : answers.remove(0);
            if (answer != null) {
                throw answer;
            }
            super.commitSync(offsets);
        }
    }

    @Test
    void aReaderFailsOnceItsCommitsFailedTheBoundOfPollsInARow() {
        AnsweringConsumer consumer = new AnsweringConsumer();
        ReaderCommits commits = new ReaderCommits(3);
        GroupAuthorizationException denied = new GroupAuthorizationException("Not authorized to access group: g");
        consumer.answers.addAll(List.of(denied, denied, denied));

        commits.commit(consumer, offset(100));
        commits.commit(consumer, offset(200));

        assertThatThrownBy(() -> commits.commit(consumer, offset(300)))
                .isInstanceOf(CommitFailures.CommitsFailedException.class)
                .hasMessageContaining("3 batches in a row")
                .hasMessageContaining("GroupAuthorizationException: Not authorized to access group: g");
        assertThat(consumer.committed(Set.of(P0))).isEmpty(); // nothing was committed
    }

    @Test
    void aLaterCommitCoversTheFailedOneAndEndsTheRun() {
        AnsweringConsumer consumer = new AnsweringConsumer();
        ReaderCommits commits = new ReaderCommits(2);
        consumer.answers.add(new CommitFailedException("the group rebalanced"));
        consumer.answers.add(null);
        consumer.answers.add(new CommitFailedException("the group rebalanced"));

        commits.commit(consumer, offset(100));
        commits.commit(consumer, offset(200));
        commits.commit(consumer, offset(300)); // one in a row again: tolerated

        assertThat(consumer.committed(Set.of(P0))).containsEntry(P0, new OffsetAndMetadata(200));
    }

    @Test
    void aWakeupIsAStopNotAFailedCommit() {
        AnsweringConsumer consumer = new AnsweringConsumer();
        consumer.answers.add(new WakeupException());

        assertThatThrownBy(() -> new ReaderCommits(5).commit(consumer, offset(100))).isInstanceOf(WakeupException.class);
    }

    private static Map<TopicPartition, OffsetAndMetadata> offset(long offset) {
        return Map.of(P0, new OffsetAndMetadata(offset));
    }
}
