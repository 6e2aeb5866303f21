package io.tweetstream.adapter.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.tweetstream.application.port.out.DecodeResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The length limits reach Avro in every JVM, also when Avro read its (absent) properties before any codec
 * existed. Checked in fresh JVMs with a heap far smaller than the gigabyte a corrupt length prefix claims: without
 * the limits Avro would try to allocate it and run out of memory.
 */
class AvroDecodeLimitsTest {

    private static final Schema V1 = io.tweetstream.adapter.avro.generated.Tweet.getClassSchema();
    private static final String BINARY_CLAIMING_ONE_GIB =
            HexFormat.of().formatHex(Payloads.start().varint(1L << 30).raw((byte) 'a').bytes());
    private static final String SINGLE_OBJECT_CLAIMING_ONE_GIB = HexFormat.of().formatHex(
            Payloads.start().singleObjectHeader(V1).string("u").varint(1L << 30).raw((byte) 'a').bytes());

    @ParameterizedTest(name = "{0} codec, {1}")
    @CsvSource({
        "binary, codec-first",
        "single-object, avro-first"})
    void aGigabyteLengthPrefixFailsOnTheLimitInASmallHeap(String codec, String order) throws Exception {
        String payload = codec.equals("binary") ? BINARY_CLAIMING_ONE_GIB : SINGLE_OBJECT_CLAIMING_ONE_GIB;

        assertThat(decodeInFreshJvm(codec, payload, order)).isEqualTo("length-limit");
    }

    @Test
    void appliesThemAgainWhenAvroReadTheSystemPropertiesTooEarly() {
        String stringLimit = System.getProperty(AvroDecodeLimits.STRING_PROPERTY);
        String bytesLimit = System.getProperty(AvroDecodeLimits.BYTES_PROPERTY);
        try {
            // As if some other code had decoded Avro before the properties were set.
            System.clearProperty(AvroDecodeLimits.STRING_PROPERTY);
            System.clearProperty(AvroDecodeLimits.BYTES_PROPERTY);
            AvroDecodeLimits.rereadAvroLimits();
            System.setProperty(AvroDecodeLimits.STRING_PROPERTY, "1048576");
            System.setProperty(AvroDecodeLimits.BYTES_PROPERTY, "1048576");
            assertThat(AvroDecodeLimits.inEffect()).isFalse();

            AvroDecodeLimits.apply();

            assertThat(AvroDecodeLimits.inEffect()).isTrue();
        } finally {
            restore(AvroDecodeLimits.STRING_PROPERTY, stringLimit);
            restore(AvroDecodeLimits.BYTES_PROPERTY, bytesLimit);
            AvroDecodeLimits.apply();
        }
    }

    @Test
    void anOperatorsOwnLimitWins() {
        String stringLimit = System.getProperty(AvroDecodeLimits.STRING_PROPERTY);
        try {
            System.setProperty(AvroDecodeLimits.STRING_PROPERTY, "4096");

            AvroDecodeLimits.apply();

            assertThat(new BinaryTweetCodec().decode(Payloads.start().varint(5000).raw((byte) 'a').bytes()))
                    .isInstanceOfSatisfying(DecodeResult.Failure.class, failure -> assertThat(failure.reason())
                            .contains("String length 5000 exceeds maximum allowed (limit 4096 bytes"));
        } finally {
            restore(AvroDecodeLimits.STRING_PROPERTY, stringLimit);
            AvroDecodeLimits.apply();
        }
    }

    private static String decodeInFreshJvm(String codec, String payloadHex, String order)
            throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), FreshJvmDecode.class.getName(), codec, payloadHex, order))
                .redirectErrorStream(true)
                .start();
        String output;
        try {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("fresh JVM finished").isTrue();
        } finally {
            process.destroyForcibly();
        }
        assertThat(process.exitValue()).as("fresh JVM exit code, output:%n%s", output).isZero();
        List<String> lines = output.strip().lines().toList();
        return lines.get(lines.size() - 1);
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
