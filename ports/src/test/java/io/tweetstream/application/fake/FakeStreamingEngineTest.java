package io.tweetstream.application.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tweetstream.application.lifecycle.PipelineFailedException;
import io.tweetstream.application.message.RawRecord;
import io.tweetstream.application.message.SourcePosition;
import io.tweetstream.application.port.in.BatchResult;
import io.tweetstream.application.service.ProcessBatchService;
import io.tweetstream.domain.Tweet;
import io.tweetstream.domain.transform.TweetTransformation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fake engine keeps the engine contract, so tests that rely on it test something real. */
class FakeStreamingEngineTest {

    private final FakeTweetCodec codec = new FakeTweetCodec();
    private final InMemoryTweetSink sink = new InMemoryTweetSink();
    private final FakeStreamingEngine engine = new FakeStreamingEngine(new ProcessBatchService(
            codec, TweetTransformation.identity(), sink, new InMemoryDeadLetterSink()));

    @Test
    void gracefulStopProcessesAndCommitsEveryQueuedBatch() throws InterruptedException {
        engine.offer(List.of(record(0), record(1)));
        engine.offer(List.of(record(2)));
        engine.start();
        engine.stop(true);

        assertThat(engine.awaitTermination(Duration.ofSeconds(5))).isTrue();
        assertThat(engine.committed()).extracting(SourcePosition::offset).containsExactly(0L, 1L, 2L);
        assertThat(engine.total().counts()).isEqualTo(new BatchResult(3, 3, 0));
    }

    @Test
    void aFailedBatchStopsTheEngineWithoutCommittingIt() throws InterruptedException {
        sink.failDeliveryOf(r -> r.source().offset() == 2);
        engine.offer(List.of(record(0), record(1)));
        engine.offer(List.of(record(2), record(3)));
        engine.offer(List.of(record(4)));
        engine.start();

        assertThatThrownBy(() -> engine.awaitTermination(Duration.ofSeconds(5)))
                .isInstanceOf(PipelineFailedException.class);
        assertThat(engine.committed()).extracting(SourcePosition::offset).containsExactly(0L, 1L);
    }

    private RawRecord record(long offset) {
        return RawRecord.of(new SourcePosition("in", 0, offset), null, codec.encode(new Tweet("u" + offset, "t", offset)));
    }
}
