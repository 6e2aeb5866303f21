package io.tweetstream.adapter.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tweetstream.application.fake.FakeTweetCodec;
import io.tweetstream.application.fake.InMemoryDeadLetterSink;
import io.tweetstream.application.fake.InMemoryTweetSink;
import io.tweetstream.application.fake.RecordingTransactionalOutput;
import io.tweetstream.application.port.in.BatchResult;
import io.tweetstream.application.port.out.TaskResources;
import io.tweetstream.application.port.out.TransactionalOutputFactory;
import io.tweetstream.application.service.ProcessBatchService;
import io.tweetstream.domain.Tweet;
import io.tweetstream.domain.transform.TweetTransformation;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.streaming.kafka010.OffsetRange;
import org.junit.jupiter.api.Test;

/**
 * One range in one transaction, on kafka-clients' MockConsumer and the recording transactional output: when the
 * committed-offset check writes, skips or fails, and that its second look happens inside the open transaction.
 */
class RangeTransactionTest {

    private static final TopicPartition TP = new TopicPartition("in", 0);
    private static final OffsetRange RANGE = OffsetRange.create("in", 0, 10, 13);
    private static final String ID = "tweetstream-job-in-0";

    private final FakeTweetCodec codec = new FakeTweetCodec();
    private final GroupOffsetsConsumer consumer = new GroupOffsetsConsumer();
    private final RecordingTransactionalOutput transactions = new RecordingTransactionalOutput();
    private final InMemoryTweetSink sink = new InMemoryTweetSink();
    private final RangeTransaction range = new RangeTransaction("job", Duration.ofSeconds(5));

    RangeTransactionTest() {
        consumer.updateBeginningOffsets(Map.of(TP, 0L));
        consumer.schedulePollTask(() -> {
            for (long offset = 10; offset < 13; offset++) {
                consumer.addRecord(new ConsumerRecord<>("in", 0, offset, null,
                        codec.encode(new Tweet("ann", "tweet " + offset, 1))));
            }
        });
    }

    @Test
    void theTransactionIdIsTheGroupTopicAndPartition() {
        assertThat(RangeTransaction.transactionalId("job", "in", 0)).isEqualTo(ID);
    }

    @Test
    void aRangeFollowingTheCommittedOffsetIsWrittenAndItsEndCommittedInItsTransaction() {
        commit(10);

        Optional<BatchResult> written = range.write(useCase(transactions), ConsumerLease.unpooled(consumer), RANGE, 10);

        assertThat(written.map(BatchResult::counts)).contains(new BatchResult(3, 3, 0));
        assertThat(sink.deliveredTweets()).extracting(Tweet::text).containsExactly("tweet 10", "tweet 11", "tweet 12");
        assertThat(transactions.calls()).containsExactly("open " + ID, "begin", "commit [in-0@13] job", "close");
        assertThat(consumer.closed()).isTrue();
    }

    @Test
    void aRangeCommittedAlreadyIsNotWrittenAndNoTransactionIsOpened() {
        commit(13);

        assertThat(range.write(useCase(transactions), ConsumerLease.unpooled(consumer), RANGE, 10)).isEmpty();
        assertThat(transactions.calls()).as("nothing fenced, nothing written").isEmpty();
        assertThat(sink.opens()).isZero();
        assertThat(consumer.closed()).isTrue();
    }

    @Test
    void aRangeCommittedByAnEarlierAttemptWhileThisOneOpenedIsAbortedAndNotWritten() {
        commit(10);
        // Opening the id lets an earlier attempt's commit in flight finish: the check inside the transaction sees it.
        TransactionalOutputFactory earlierAttemptFinishes = id -> {
            commit(13);
            return transactions.open(id);
        };

        assertThat(range.write(useCase(earlierAttemptFinishes), ConsumerLease.unpooled(consumer), RANGE, 10)).isEmpty();
        assertThat(transactions.calls()).containsExactly("open " + ID, "begin", "abort", "close");
        assertThat(sink.delivered()).isEmpty();
    }

    @Test
    void anOffsetMovedByAnotherWriterFailsBeforeAnyTransaction() {
        commit(11);

        assertThatThrownBy(() -> range.write(useCase(transactions), ConsumerLease.unpooled(consumer), RANGE, 10))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("another writer moved");
        assertThat(transactions.calls()).isEmpty();
        assertThat(consumer.closed()).isTrue();
    }

    @Test
    void anOffsetMovedByAnotherWriterWhileThisAttemptOpenedAbortsItsTransaction() {
        commit(10);
        TransactionalOutputFactory otherWriter = id -> {
            commit(12);
            return transactions.open(id);
        };

        assertThatThrownBy(() -> range.write(useCase(otherWriter), ConsumerLease.unpooled(consumer), RANGE, 10))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("committed offset 12");
        assertThat(transactions.calls()).containsExactly("open " + ID, "begin", "abort", "close");
    }

    @Test
    void aRangeOfCommitMarkersOnlyStillCommitsItsEnd() {
        commit(10);
        GroupOffsetsConsumer markersOnly = new GroupOffsetsConsumer();
        markersOnly.updateBeginningOffsets(Map.of(TP, 0L));
        markersOnly.commitSync(Map.of(TP, new OffsetAndMetadata(10)));
        markersOnly.schedulePollTask(() -> markersOnly.seek(TP, 13)); // the position passes the markers

        assertThat(range.write(useCase(transactions), ConsumerLease.unpooled(markersOnly), RANGE, 10).map(BatchResult::counts)).contains(new BatchResult(0, 0, 0));
        assertThat(transactions.calls()).containsExactly("open " + ID, "begin", "commit [in-0@13] job", "close");
    }

    private void commit(long offset) {
        consumer.commitSync(Map.of(TP, new OffsetAndMetadata(offset)));
    }

    private ProcessBatchService useCase(TransactionalOutputFactory factory) {
        return new ProcessBatchService(codec, TweetTransformation.identity(), sink, new InMemoryDeadLetterSink(),
                new TaskResources(), factory);
    }
}
