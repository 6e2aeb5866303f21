package io.tweetstream.adapter.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.domain.Tweet;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The binary codec reads what producers of the original example write with plain Avro, and writes the same. */
class OriginalFormatTest {

    /** The original example's layout, written out here rather than taken from tweet.avsc. */
    private static final Schema ORIGINAL = new Schema.Parser().parse("""
            {"type": "record", "name": "Tweet", "namespace": "example.avro",
             "fields": [
               {"name": "username", "type": "string"},
               {"name": "text", "type": "string"},
               {"name": "timestamp", "type": "long"}
             ]}""");

    private final BinaryTweetCodec codec = new BinaryTweetCodec();

    @Test
    void decodesBytesWrittenByPlainAvro() {
        byte[] payload = writeWithPlainAvro("ANY_USER_1", "ANY_TEXT_1 🚀 café", 1_700_000_000L);

        assertThat(codec.decode(payload))
                .isEqualTo(DecodeResult.success(new Tweet("ANY_USER_1", "ANY_TEXT_1 🚀 café", 1_700_000_000L)));
    }

    @Test
    void writesTheSameBytesAsPlainAvro() {
        Tweet tweet = new Tweet("ANY_USER_2", "ANY_TEXT_2", 0L);

        assertThat(codec.encode(tweet)).isEqualTo(writeWithPlainAvro("ANY_USER_2", "ANY_TEXT_2", 0L));
    }

    @Test
    void theLayoutIsTheOneOnTheWire() {
        // username "u", text "t", timestamp 1: each string a zig-zag length then UTF-8, then a zig-zag long.
        byte[] expected = {2, 'u', 2, 't', 2};

        assertThat(writeWithPlainAvro("u", "t", 1L)).isEqualTo(expected);
        assertThat(codec.decode(expected)).isEqualTo(DecodeResult.success(new Tweet("u", "t", 1L)));
    }

    @Test
    void emptyStringsAndTheLargestTimestampSurvive() {
        byte[] payload = writeWithPlainAvro("", "", Long.MAX_VALUE);

        assertThat(codec.decode(payload)).isEqualTo(DecodeResult.success(new Tweet("", "", Long.MAX_VALUE)));
    }

    private static byte[] writeWithPlainAvro(String username, String text, long timestamp) {
        return PlainAvro.binary(PlainAvro.record(ORIGINAL, username, text, timestamp));
    }
}
