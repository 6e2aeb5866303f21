package io.tweetstream.adapter.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tweetstream.kafkasource.CommitFailures;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.consumer.RetriableCommitFailedException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.spark.streaming.kafka010.OffsetRange;
import org.junit.jupiter.api.Test;

/**
 * The commit callback the Spark engine hands to the direct stream, answered as Kafka's consumer answers it: a
 * lasting failure stops the job after the bound, refusing every later batch; a success in between resets the count.
 */
class OffsetLedgerCommitFailuresTest {

    private static final TopicPartition P0 = new TopicPartition("in", 0);

    @Test
    void commitsFailingForTheBoundOfBatchesFailTheJobNamingTheCause() {
        OffsetLedger ledger = new OffsetLedger(new CommitFailures(3));

        for (int batch = 0; batch < 2; batch++) {
            commitAnswered(ledger, batch, new GroupAuthorizationException("Not authorized to access group: tweetstream"));
            assertThat(ledger.failure()).as("tolerated after %d failed commit(s)", batch + 1).isNull();
        }
        commitAnswered(ledger, 2, new GroupAuthorizationException("Not authorized to access group: tweetstream"));

        assertThat(ledger.failure()).isInstanceOf(CommitFailures.CommitsFailedException.class)
                .hasMessageContaining("3 batches in a row")
                .hasMessageContaining("GroupAuthorizationException: Not authorized to access group: tweetstream");
        assertThatThrownBy(() -> ledger.checkNoEarlierFailure("batch 4"))
                .hasMessageContaining("refused")
                .hasCauseInstanceOf(CommitFailures.CommitsFailedException.class);
    }

    @Test
    void aSuccessfulCommitInBetweenKeepsTheJobRunningAndConfirmsTheOffsets() {
        OffsetLedger ledger = new OffsetLedger(new CommitFailures(2));

        commitAnswered(ledger, 0, new RetriableCommitFailedException("coordinator moved"));
        commitAnswered(ledger, 1, null);
        commitAnswered(ledger, 2, new RetriableCommitFailedException("coordinator moved"));

        assertThat(ledger.failure()).isNull();
        assertThat(ledger.uncommitted()).containsExactly(Map.entry(P0, new OffsetAndMetadata(300)));
    }

    /** Batch {@code n} covers offsets [n*100, n*100+100) of P0; Kafka answers its commit with {@code error}. */
    private static void commitAnswered(OffsetLedger ledger, int n, Exception error) {
        OffsetRange[] ranges = {OffsetRange.create(P0, n * 100L, n * 100L + 100)};
        ledger.delivered(ranges);
        OffsetCommitCallback callback = ledger.onCommit(ranges);
        callback.onComplete(error == null ? Map.of(P0, new OffsetAndMetadata(n * 100L + 100)) : null, error);
    }
}
