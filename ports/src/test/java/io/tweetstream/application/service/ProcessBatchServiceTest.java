package io.tweetstream.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tweetstream.application.fake.FakeTweetCodec;
import io.tweetstream.application.fake.InMemoryDeadLetterSink;
import io.tweetstream.application.fake.InMemoryTweetSink;
import io.tweetstream.application.message.DeadLetter;
import io.tweetstream.application.message.DeliveryFailedException;
import io.tweetstream.application.message.MessageHeader;
import io.tweetstream.application.message.OutputRecord;
import io.tweetstream.application.message.RawRecord;
import io.tweetstream.application.message.RecordsRefusedException;
import io.tweetstream.application.message.SourcePosition;
import io.tweetstream.application.port.in.BatchResult;
import io.tweetstream.domain.Tweet;
import io.tweetstream.domain.transform.TransformationCatalog;
import io.tweetstream.domain.transform.TweetTransformation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessBatchServiceTest {

    private static final long NOW = 1_732_500_000L;
    private static final List<Tweet> ORIGINAL_SPEC = List.of(
            new Tweet("ANY_USER_1", "ANY_TEXT_1", NOW),
            new Tweet("ANY_USER_2", "ANY_TEXT_2", 0L),
            new Tweet("ANY_USER_3", "ANY_TEXT_3", 1234L));

    private final FakeTweetCodec codec = new FakeTweetCodec();
    private final InMemoryTweetSink sink = new InMemoryTweetSink();
    private final InMemoryDeadLetterSink deadLetters = new InMemoryDeadLetterSink();

    private ProcessBatchService service(TweetTransformation transformation) {
        return new ProcessBatchService(codec, transformation, sink, deadLetters);
    }

    @Test
    void theOriginalExamplesThreeTweetsComeOutEqualAndInOrder() {
        BatchResult result = service(TweetTransformation.identity()).process(records(ORIGINAL_SPEC).iterator());

        assertThat(sink.deliveredTweets()).containsExactlyElementsOf(ORIGINAL_SPEC);
        assertThat(result.counts()).isEqualTo(new BatchResult(3, 3, 0));
        assertThat(deadLetters.delivered()).isEmpty();
    }

    @Test
    void outputsKeepTheInputKeyHeadersAndPositionAndCarryTheEncodedTweet() {
        byte[] key = "key-1".getBytes(StandardCharsets.UTF_8);
        MessageHeader trace = new MessageHeader("trace-id", "abc".getBytes(StandardCharsets.UTF_8));
        SourcePosition at = new SourcePosition("tweets", 2, 41);
        Tweet tweet = new Tweet("alice", "  hello   world ", 5);
        RawRecord in = new RawRecord(at, 99L, key, codec.encode(tweet), List.of(trace));

        service(TransformationCatalog.parse("normalize")).process(List.of(in).iterator());

        OutputRecord out = sink.delivered().get(0);
        assertThat(out.key()).isEqualTo(key);
        assertThat(out.headers()).containsExactly(trace);
        assertThat(out.source()).isEqualTo(at);
        assertThat(out.tweet()).isEqualTo(new Tweet("alice", "hello world", 5));
        assertThat(codec.decode(out.value())).isEqualTo(
                io.tweetstream.application.port.out.DecodeResult.success(out.tweet()));
    }

    @Test
    void badRecordsAreDeadLetteredWithReasonsAndGoodOnesPublished() {
        List<RawRecord> batch = new ArrayList<>(records(ORIGINAL_SPEC));
        RawRecord empty = raw(10, new byte[0]);
        RawRecord tombstone = raw(11, null);
        RawRecord garbage = raw(12, new byte[] {(byte) 0xC3, (byte) 0x28});
        RawRecord negativeTime = raw(13, "bob|-5|text".getBytes(StandardCharsets.UTF_8));
        batch.add(1, empty);
        batch.add(3, tombstone);
        batch.add(garbage);
        batch.add(negativeTime);

        BatchResult result = service(TweetTransformation.identity()).process(batch.iterator());

        assertThat(sink.deliveredTweets()).containsExactlyElementsOf(ORIGINAL_SPEC);
        assertThat(deadLetters.delivered()).extracting(DeadLetter::original)
                .containsExactly(empty, tombstone, garbage, negativeTime);
        assertThat(deadLetters.delivered()).extracting(DeadLetter::reason)
                .containsExactly("empty payload", "empty payload", "not UTF-8",
                        "invalid tweet: timestamp must be Unix epoch seconds >= 0, got -5");
        assertThat(result.counts()).isEqualTo(new BatchResult(7, 3, 4));
        assertThat(result.produced() + result.deadLettered()).isEqualTo(result.consumed());
    }

    @Test
    void deadLettersKeepTheOriginalBytesUntouched() {
        byte[] bytes = {1, 2, 3, (byte) 0xFF};
        byte[] copy = bytes.clone();

        service(TweetTransformation.identity()).process(List.of(raw(0, bytes)).iterator());

        assertThat(deadLetters.delivered().get(0).original().value()).isEqualTo(copy);
    }

    @Test
    void aTransformationThatThrowsDeadLettersTheRecordInsteadOfStoppingTheJob() {
        TweetTransformation picky = t -> {
            if (t.username().equals("ANY_USER_2")) {
                throw new IllegalStateException("cannot handle user 2");
            }
            return List.of(t);
        };

        BatchResult result = service(picky).process(records(ORIGINAL_SPEC).iterator());

        assertThat(result.counts()).isEqualTo(new BatchResult(3, 2, 1));
        DeadLetter dead = deadLetters.delivered().get(0);
        assertThat(dead.reason()).isEqualTo("transformation failed: IllegalStateException: cannot handle user 2");
        assertThat(dead.errorType()).isEqualTo(ProcessBatchService.TRANSFORMATION_FAILED);
    }

    @Test
    void filtersAndSplitsChangeTheProducedCount() {
        TweetTransformation splitWords = t -> Arrays.stream(t.text().split("_")).map(t::withText).toList();
        TweetTransformation onlyUser1 = TransformationCatalog.parse("filter(users=ANY_USER_1)");

        BatchResult result = service(onlyUser1.andThen(splitWords)).process(records(ORIGINAL_SPEC).iterator());

        assertThat(result.counts()).isEqualTo(new BatchResult(3, 3, 0));
        assertThat(sink.deliveredTweets()).extracting(Tweet::text).containsExactly("ANY", "TEXT", "1");
    }

    @Test
    void aFailedFlushSurfacesWithHowManyRecordsWereAcknowledged() {
        sink.failDeliveryOf(r -> r.tweet().username().equals("ANY_USER_2"));

        assertThatThrownBy(() -> service(TweetTransformation.identity()).process(records(ORIGINAL_SPEC).iterator()))
                .isInstanceOf(DeliveryFailedException.class)
                .satisfies(e -> assertThat(((DeliveryFailedException) e).acknowledged()).isEqualTo(2));

        assertThat(sink.deliveredTweets()).extracting(Tweet::username).containsExactly("ANY_USER_1", "ANY_USER_3");
    }

    @Test
    void aFailedDeadLetterFlushFailsTheBatchToo() {
        deadLetters.failDeliveryOf(d -> true);
        List<RawRecord> batch = List.of(raw(0, new byte[0]), records(ORIGINAL_SPEC).get(0));

        assertThatThrownBy(() -> service(TweetTransformation.identity()).process(batch.iterator()))
                .isInstanceOf(DeliveryFailedException.class);

        assertThat(sink.deliveredTweets()).as("the batch fails before its outputs are flushed").isEmpty();
    }

    @Test
    void aRecordTheSinkRefusesForGoodIsDeadLetteredAsReadAndTheBatchGoesOn() {
        sink.refuse(r -> r.tweet().username().equals("ANY_USER_2"));
        List<RawRecord> batch = records(ORIGINAL_SPEC);

        BatchResult result = service(TweetTransformation.identity()).process(batch.iterator());

        assertThat(sink.deliveredTweets()).extracting(Tweet::username).containsExactly("ANY_USER_1", "ANY_USER_3");
        assertThat(deadLetters.delivered()).singleElement().satisfies(dead -> {
            assertThat(dead.original()).as("the input as read, not the output").isSameAs(batch.get(1));
            assertThat(dead.reason()).isEqualTo("refused: injected");
        });
        assertThat(result.counts()).isEqualTo(new BatchResult(3, 2, 1));
    }

    @Test
    void anInputWhoseSplitOutputsAreAllRefusedIsDeadLetteredOnce() {
        TweetTransformation splitWords = t -> Arrays.stream(t.text().split("_")).map(t::withText).toList();
        sink.refuse(r -> r.tweet().username().equals("ANY_USER_3"));

        BatchResult result = service(splitWords).process(records(ORIGINAL_SPEC).iterator());

        assertThat(deadLetters.delivered()).extracting(d -> d.original().source().offset()).containsExactly(2L);
        assertThat(result.counts()).isEqualTo(new BatchResult(3, 6, 1));
    }

    @Test
    void aRefusedRecordWhoseDeadLetterFailsFailsTheBatch() {
        sink.refuse(r -> r.tweet().username().equals("ANY_USER_2"));
        deadLetters.failDeliveryOf(d -> true);

        assertThatThrownBy(() -> service(TweetTransformation.identity()).process(records(ORIGINAL_SPEC).iterator()))
                .isInstanceOf(DeliveryFailedException.class)
                .isNotInstanceOf(RecordsRefusedException.class);
    }

    @Test
    void aTransientFailureBesideARefusalStillFailsTheBatch() {
        sink.refuse(r -> r.tweet().username().equals("ANY_USER_2"));
        sink.failDeliveryOf(r -> r.tweet().username().equals("ANY_USER_3"));

        assertThatThrownBy(() -> service(TweetTransformation.identity()).process(records(ORIGINAL_SPEC).iterator()))
                .isInstanceOf(DeliveryFailedException.class)
                .isNotInstanceOf(RecordsRefusedException.class);
        assertThat(deadLetters.delivered()).as("nothing dead-lettered: the batch is read again").isEmpty();
    }

    @Test
    void sinksAreOpenedAndClosedAroundEachBatchAlsoWhenItFails() {
        ProcessBatchService service = service(TweetTransformation.identity());
        service.process(records(ORIGINAL_SPEC).iterator());
        sink.failDeliveryOf(r -> true);
        assertThatThrownBy(() -> service.process(records(ORIGINAL_SPEC).iterator()))
                .isInstanceOf(DeliveryFailedException.class);

        assertThat(sink.opens()).isEqualTo(2);
        assertThat(sink.closes()).isEqualTo(2);
        assertThat(deadLetters.closes()).isEqualTo(2);
        assertThat(sink.isOpen()).isFalse();
    }

    @Test
    void anEmptyBatchDeliversNothingAndCountsNothing() {
        BatchResult result = service(TweetTransformation.identity()).process(List.<RawRecord>of().iterator());

        assertThat(result).isEqualTo(BatchResult.EMPTY);
        assertThat(sink.opens()).isEqualTo(1);
    }

    private List<RawRecord> records(List<Tweet> tweets) {
        List<RawRecord> records = new ArrayList<>();
        for (int i = 0; i < tweets.size(); i++) {
            records.add(raw(i, codec.encode(tweets.get(i))));
        }
        return records;
    }

    private static RawRecord raw(long offset, byte[] value) {
        return RawRecord.of(new SourcePosition("tweets", 0, offset), null, value);
    }
}
