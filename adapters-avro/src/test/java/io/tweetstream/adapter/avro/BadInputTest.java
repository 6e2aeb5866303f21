package io.tweetstream.adapter.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.domain.Tweet;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad payload becomes a typed failure whose reason says what is wrong; none throws. */
class BadInputTest {

    private static final Schema V1 = io.tweetstream.adapter.avro.generated.Tweet.getClassSchema();
    private static final long ONE_GIB = 1L << 30;
    private static final Tweet TWEET = new Tweet("ANY_USER_1", "ANY_TEXT_1", 1_700_000_000L);
    private static final BinaryTweetCodec BINARY = new BinaryTweetCodec();
    private static final SingleObjectTweetCodec SINGLE_OBJECT = new SingleObjectTweetCodec(KnownTweetSchemas.bundled());

    static Stream<Arguments> binaryPayloads() {
        byte[] valid = BINARY.encode(TWEET);
        return Stream.of(
                arguments("null", null, "empty", "null payload"),
                arguments("empty", new byte[0], "empty", "0 bytes"),
                arguments("random bytes", randomBytes(64), null, ""),
                arguments("cut inside the text", Arrays.copyOf(valid, 15), "truncated", "truncated payload"),
                arguments("cut inside the timestamp", Arrays.copyOf(valid, valid.length - 1), "truncated",
                        "ends inside a record"),
                arguments("username claims 1 GiB", Payloads.start().varint(ONE_GIB).raw((byte) 'a').bytes(),
                        "length-limit", "String length 1073741824 exceeds maximum allowed (limit 1048576 bytes,"
                                + " org.apache.avro.limits.string.maxLength), in a payload of 6 bytes"),
                arguments("text claims 1 TiB", Payloads.start().string("u").varint(1L << 40).bytes(),
                        "length-limit", "Cannot read strings longer than"),
                arguments("negative length", Payloads.start().varint(-5).bytes(), "malformed", "Length is negative: -5"),
                arguments("varint longer than a long", Payloads.start().string("u").string("t")
                        .raw(filled(11, (byte) 0xFF)).bytes(), "malformed", "Invalid long encoding"),
                arguments("two records in one message", concat(valid, valid), "trailing-bytes",
                        valid.length + " byte(s) before the end of the " + 2 * valid.length + "-byte payload"),
                arguments("negative timestamp", Payloads.start().string("u").string("t").varint(-1).bytes(),
                        "invalid", "timestamp must be Unix epoch seconds >= 0, got -1"),
                arguments("single-object data", SINGLE_OBJECT.encode(TWEET), null, ""));
    }

    static Stream<Arguments> singleObjectPayloads() {
        byte[] valid = SINGLE_OBJECT.encode(TWEET);
        return Stream.of(
                arguments("null", null, "empty", "null payload"),
                arguments("empty", new byte[0], "empty", "0 bytes"),
                arguments("random bytes", randomBytes(64), "bad-marker", "instead of the marker 0xC3 0x01"),
                arguments("plain binary data", BINARY.encode(TWEET), "bad-marker",
                        "starts with 0x14 0x41 instead of the marker 0xC3 0x01"),
                arguments("other marker version", Payloads.start().raw((byte) 0xC3, (byte) 0x02).bytes(),
                        "bad-marker", "starts with 0xC3 0x02"),
                arguments("marker only", Payloads.MARKER, "truncated", "2 byte(s), but a single-object header alone"
                        + " takes 10"),
                arguments("half a fingerprint", Arrays.copyOf(valid, 6), "truncated", "header alone takes 10"),
                arguments("unknown fingerprint", Payloads.start().singleObjectHeader(0x0123456789ABCDEFL)
                        .string("u").string("t").varint(1).bytes(), "unknown-schema",
                        "unknown schema fingerprint 0x0123456789ABCDEF"),
                arguments("header without body", Arrays.copyOf(valid, 10), "truncated", "truncated payload"),
                arguments("body cut short", Arrays.copyOf(valid, valid.length - 3), "truncated",
                        "ends inside a record"),
                arguments("username claims 1 GiB", Payloads.start().singleObjectHeader(V1).varint(ONE_GIB)
                        .raw((byte) 'a').bytes(), "length-limit", "String length 1073741824 exceeds maximum allowed"),
                arguments("trailing bytes", concat(valid, new byte[] {0, 0, 0}), "trailing-bytes",
                        "3 byte(s) before the end"),
                arguments("negative timestamp", Payloads.start().singleObjectHeader(V1).string("u").string("t")
                        .varint(-7).bytes(), "invalid", "got -7"));
    }

    @ParameterizedTest(name = "binary: {0}")
    @MethodSource("binaryPayloads")
    void binaryCodecFailsWithAReason(String name, byte[] payload, String errorType, String reasonFragment) {
        assertFailure(BINARY, payload, errorType, reasonFragment);
    }

    @ParameterizedTest(name = "single-object: {0}")
    @MethodSource("singleObjectPayloads")
    void singleObjectCodecFailsWithAReason(String name, byte[] payload, String errorType, String reasonFragment) {
        assertFailure(SINGLE_OBJECT, payload, errorType, reasonFragment);
    }

    /** {@code errorType} null: any failure will do (what random bytes look like first is up to chance). */
    private static void assertFailure(TweetCodec codec, byte[] payload, String errorType, String reasonFragment) {
        DecodeResult result = codec.decode(payload);

        assertThat(result).isInstanceOfSatisfying(DecodeResult.Failure.class, failure -> {
            if (errorType != null) {
                assertThat(failure.errorType()).isEqualTo(errorType);
            }
            assertThat(failure.reason()).isNotBlank().contains(reasonFragment);
        });
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new SplittableRandom(42).nextBytes(bytes);
        return bytes;
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
