package io.tweetstream.adapter.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.domain.Tweet;
import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;
import org.junit.jupiter.api.Test;

/**
 * Single-object encoding across schema versions, for real: v2 (tweet-v2.avsc, one field added with a default)
 * next to the current v1 (tweet.avsc), each side written and read with Avro's own message encoders.
 */
class SchemaEvolutionTest {

    private static final Schema V1 = io.tweetstream.adapter.avro.generated.Tweet.getClassSchema();
    private static final Schema V2 = PlainAvro.schemaResource("tweet-v2.avsc");
    private static final Tweet TWEET = new Tweet("ANY_USER_1", "ANY_TEXT_1 👍🏽", 1_700_000_000L);

    @Test
    void aV2ReaderReadsV1DataWithTheNewFieldsDefault() throws IOException {
        byte[] v1Payload = new SingleObjectTweetCodec(KnownTweetSchemas.bundled()).encode(TWEET);
        SchemaStore.Cache v2ReadersStore = new SchemaStore.Cache();
        v2ReadersStore.addSchema(V1);
        BinaryMessageDecoder<GenericRecord> v2Reader = new BinaryMessageDecoder<>(GenericData.get(), V2, v2ReadersStore);

        GenericRecord read = v2Reader.decode(v1Payload);

        assertThat(read.get("username")).hasToString("ANY_USER_1");
        assertThat(read.get("text")).hasToString("ANY_TEXT_1 👍🏽");
        assertThat(read.get("timestamp")).isEqualTo(1_700_000_000L);
        assertThat(read.get("lang")).hasToString("und");
    }

    @Test
    void aV1ReaderReadsV2DataIgnoringTheNewField() {
        byte[] v2Payload = writeV2(TWEET, "fr");
        SingleObjectTweetCodec v1Reader = new SingleObjectTweetCodec(KnownTweetSchemas.withOthers(List.of(V2)));

        assertThat(v1Reader.decode(v2Payload)).isEqualTo(DecodeResult.success(TWEET));
    }

    @Test
    void bothVersionsDecodeInterleavedThroughOneCodec() {
        SingleObjectTweetCodec codec = new SingleObjectTweetCodec(KnownTweetSchemas.withOthers(List.of(V2)));
        Tweet other = new Tweet("ANY_USER_2", "ANY_TEXT_2", 0L);

        assertThat(List.of(codec.decode(writeV2(TWEET, "en")), codec.decode(codec.encode(other)),
                codec.decode(writeV2(other, "de"))))
                .containsExactly(DecodeResult.success(TWEET), DecodeResult.success(other), DecodeResult.success(other));
    }

    @Test
    void aFingerprintUnknownToTheStoreIsATypedFailureThatNamesIt() {
        byte[] v2Payload = writeV2(TWEET, "fr");
        SingleObjectTweetCodec v1OnlyReader = new SingleObjectTweetCodec(KnownTweetSchemas.bundled());
        String v2Fingerprint = String.format("0x%016X", SchemaNormalization.parsingFingerprint64(V2));
        String v1Fingerprint = String.format("0x%016X", SchemaNormalization.parsingFingerprint64(V1));

        DecodeResult result = v1OnlyReader.decode(v2Payload);

        assertThat(result).isInstanceOfSatisfying(DecodeResult.Failure.class, failure -> {
            assertThat(failure.errorType()).isEqualTo("unknown-schema");
            assertThat(failure.reason()).startsWith("unknown schema fingerprint " + v2Fingerprint)
                    .contains("known: " + v1Fingerprint);
        });
    }

    @Test
    void theBinaryCodecRejectsV2DataInsteadOfReadingItsPrefix() {
        // Plain binary has no fingerprint: v2 bytes are v1 bytes plus the new field, which must not vanish silently.
        byte[] v2Body = PlainAvro.binary(v2Record(TWEET, "fr"));

        DecodeResult result = new BinaryTweetCodec().decode(v2Body);

        assertThat(result).isInstanceOfSatisfying(DecodeResult.Failure.class,
                failure -> assertThat(failure.errorType()).isEqualTo("trailing-bytes"));
    }

    private static byte[] writeV2(Tweet tweet, String lang) {
        return PlainAvro.singleObject(v2Record(tweet, lang));
    }

    private static GenericRecord v2Record(Tweet tweet, String lang) {
        return PlainAvro.record(V2, tweet.username(), tweet.text(), tweet.timestamp(), lang);
    }
}
