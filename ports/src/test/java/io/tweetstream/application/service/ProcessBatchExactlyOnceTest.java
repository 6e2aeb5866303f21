package io.tweetstream.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tweetstream.application.fake.FakeTweetCodec;
import io.tweetstream.application.fake.InMemoryDeadLetterSink;
import io.tweetstream.application.fake.InMemoryTweetSink;
import io.tweetstream.application.fake.RecordingTransactionalOutput;
import io.tweetstream.application.message.DeliveryFailedException;
import io.tweetstream.application.message.GroupMember;
import io.tweetstream.application.message.RawRecord;
import io.tweetstream.application.message.SourcePosition;
import io.tweetstream.application.port.in.BatchResult;
import io.tweetstream.application.port.in.InputProgress;
import io.tweetstream.application.port.out.TaskResources;
import io.tweetstream.domain.Tweet;
import io.tweetstream.domain.transform.TweetTransformation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exactly-once path of the use case: one transaction around the batch and its input positions. */
class ProcessBatchExactlyOnceTest {

    private static final InputProgress PROGRESS = new InputProgress("job-tweets-0",
            List.of(new SourcePosition("tweets", 0, 2)), GroupMember.outsideTheGroup("job"));

    private final FakeTweetCodec codec = new FakeTweetCodec();
    private final InMemoryTweetSink sink = new InMemoryTweetSink();
    private final InMemoryDeadLetterSink deadLetters = new InMemoryDeadLetterSink();
    private final RecordingTransactionalOutput transactions = new RecordingTransactionalOutput();
    private final ProcessBatchService service = new ProcessBatchService(codec, TweetTransformation.identity(), sink,
            deadLetters, new TaskResources(), transactions);

    @Test
    void theBatchIsWrittenInsideOneTransactionThatCommitsTheNextPositions() {
        BatchResult result = service.processExactlyOnce(batch().iterator(), PROGRESS);

        assertThat(result.counts()).isEqualTo(new BatchResult(2, 1, 1));
        assertThat(transactions.calls()).containsExactly(
                "open job-tweets-0", "begin", "commit [tweets-0@2] job", "close");
    }

    @Test
    void aFailedDeliveryAbortsAndCommitsNothing() {
        sink.failDeliveryOf(record -> true);

        assertThatThrownBy(() -> service.processExactlyOnce(batch().iterator(), PROGRESS))
                .isInstanceOf(DeliveryFailedException.class);
        assertThat(transactions.calls()).containsExactly("open job-tweets-0", "begin", "abort", "close");
    }

    @Test
    void aFailedCommitAborts() {
        transactions.failNextCommit();

        assertThatThrownBy(() -> service.processExactlyOnce(batch().iterator(), PROGRESS))
                .isInstanceOf(DeliveryFailedException.class).hasMessageContaining("commit failed");
        assertThat(transactions.calls()).containsExactly(
                "open job-tweets-0", "begin", "commit [tweets-0@2] job", "abort", "close");
    }

    @Test
    void aFailedAbortDoesNotHideWhyTheBatchFailed() {
        transactions.failNextCommit();
        transactions.failNextAbort();

        assertThatThrownBy(() -> service.processExactlyOnce(batch().iterator(), PROGRESS))
                .hasMessageContaining("commit failed")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .satisfies(s -> assertThat(s).hasMessageContaining("abort failed")));
    }

    @Test
    void withoutTransactionsExactlyOnceIsRefused() {
        ProcessBatchService atLeastOnce = new ProcessBatchService(codec, TweetTransformation.identity(), sink,
                deadLetters);

        assertThatThrownBy(() -> atLeastOnce.processExactlyOnce(batch().iterator(), PROGRESS))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exactly-once");
        assertThat(sink.opens()).isZero();
    }

    /** One good tweet and one undecodable record: an output and a dead letter in the same transaction. */
    private List<RawRecord> batch() {
        return List.of(
                RawRecord.of(new SourcePosition("tweets", 0, 0), null, codec.encode(new Tweet("ann", "hello", 1))),
                RawRecord.of(new SourcePosition("tweets", 0, 1), null, new byte[0]));
    }
}
