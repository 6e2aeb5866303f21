package io.tweetstream.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.tweetstream.application.fake.FakeTweetCodec;
import io.tweetstream.application.fake.InMemoryDeadLetterSink;
import io.tweetstream.application.fake.InMemoryTweetSink;
import io.tweetstream.application.message.RawRecord;
import io.tweetstream.application.message.SourcePosition;
import io.tweetstream.application.metrics.DeliveryLatency;
import io.tweetstream.application.port.in.BatchResult;
import io.tweetstream.application.port.out.TaskResources;
import io.tweetstream.domain.Tweet;
import io.tweetstream.domain.transform.TweetTransformation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a batch tells the metrics beyond its counts: dead letters by reason, and the outputs' delivery latency. */
class ProcessBatchMetricsTest {

    private static final long ACKNOWLEDGED_AT = 1_700_000_010_000L;

    private final FakeTweetCodec codec = new FakeTweetCodec();
    private final InMemoryTweetSink sink = new InMemoryTweetSink();
    private final InMemoryDeadLetterSink deadLetters = new InMemoryDeadLetterSink();

    private ProcessBatchService service(TweetTransformation transformation) {
        return new ProcessBatchService(codec, transformation, sink, deadLetters, new TaskResources(), null,
                Clock.fixed(Instant.ofEpochMilli(ACKNOWLEDGED_AT), ZoneOffset.UTC));
    }

    @Test
    void deadLettersAreCountedByTheirErrorType() {
        List<RawRecord> batch = List.of(tweet(0, "a", -1), raw(1, new byte[0], -1), raw(2, new byte[0], -1),
                raw(3, new byte[] {(byte) 0xC3, (byte) 0x28}, -1));

        BatchResult result = service(TweetTransformation.identity()).process(batch.iterator());

        assertThat(result.deadLettered()).isEqualTo(3);
        assertThat(result.deadLetteredByReason()).isEqualTo(Map.of("empty", 2L, "malformed", 1L));
    }

    @Test
    void eachAcknowledgedOutputIsObservedFromItsInputsTimestampToTheAcknowledgement() {
        List<RawRecord> batch = List.of(tweet(0, "a", ACKNOWLEDGED_AT - 3), tweet(1, "b", ACKNOWLEDGED_AT - 70),
                tweet(2, "c", ACKNOWLEDGED_AT - 40_000), tweet(3, "no timestamp", -1));

        DeliveryLatency latency = service(TweetTransformation.identity()).process(batch.iterator()).latency();

        assertThat(latency.count()).as("the input without a timestamp is left out").isEqualTo(3);
        assertThat(latency.sumMillis()).isEqualTo(3 + 70 + 40_000);
        long[] buckets = latency.bucketCounts();
        assertThat(buckets[0]).as("<= 5 ms").isEqualTo(1);
        assertThat(buckets[indexOf(100)]).as("50 < x <= 100 ms").isEqualTo(1);
        assertThat(buckets[buckets.length - 1]).as("above 30 s").isEqualTo(1);
    }

    @Test
    void aSplitInputIsObservedOncePerOutputAndARefusedOutputNotAtAll() {
        TweetTransformation twice = t -> List.of(t, t.withText(t.text() + "!"));
        sink.refuse(r -> r.tweet().username().equals("refused"));
        List<RawRecord> batch = List.of(tweet(0, "kept", ACKNOWLEDGED_AT - 7), tweet(1, "refused", ACKNOWLEDGED_AT));

        BatchResult result = service(twice).process(batch.iterator());

        assertThat(result.produced()).isEqualTo(2);
        assertThat(result.latency().count()).isEqualTo(result.produced());
        assertThat(result.latency().sumMillis()).isEqualTo(14);
        assertThat(result.deadLetteredByReason()).isEqualTo(Map.of("InjectedRefusal", 1L));
    }

    @Test
    void resultsAddUpAcrossBatches() {
        BatchResult first = service(TweetTransformation.identity())
                .process(List.of(tweet(0, "a", ACKNOWLEDGED_AT - 1), raw(1, new byte[0], -1)).iterator());
        BatchResult second = service(TweetTransformation.identity())
                .process(List.of(tweet(2, "b", ACKNOWLEDGED_AT - 2_000), raw(3, new byte[0], -1)).iterator());

        BatchResult total = first.plus(second);

        assertThat(total.counts()).isEqualTo(new BatchResult(4, 2, 2));
        assertThat(total.deadLetteredByReason()).isEqualTo(Map.of("empty", 2L));
        assertThat(total.latency().count()).isEqualTo(2);
        assertThat(total.latency().minus(first.latency())).isEqualTo(second.latency());
    }

    private static int indexOf(long boundMillis) {
        return Arrays.binarySearch(DeliveryLatency.upperBoundsMillis(), boundMillis);
    }

    private RawRecord tweet(long offset, String user, long timestamp) {
        return raw(offset, codec.encode(new Tweet(user, "text", 1)), timestamp);
    }

    private static RawRecord raw(long offset, byte[] value, long timestamp) {
        return new RawRecord(new SourcePosition("tweets", 0, offset), timestamp, null, value, List.of());
    }
}
