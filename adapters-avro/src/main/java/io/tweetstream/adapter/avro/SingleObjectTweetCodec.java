package io.tweetstream.adapter.avro;

import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.domain.Tweet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;

/**
 * Avro's single-object encoding: marker {@code C3 01}, the writer schema's 8-byte CRC-64-AVRO fingerprint
 * (little-endian), then the plain binary body.
 *
 * <p>The fingerprint names the writer's schema, so a record written with an older or newer version of the schema
 * decodes through Avro's schema resolution into the current record (added fields get their defaults, removed ones
 * are skipped), provided the {@link KnownTweetSchemas} holds that version. An unknown fingerprint is a failure
 * that names it. As in the binary codec, bytes after the body are rejected.
 *
 * <p>Thread-safe: Avro's message encoder and decoder keep their per-thread state themselves; the scratch record
 * and the payload streams are reused per thread here.
 */
final class SingleObjectTweetCodec implements TweetCodec {

    private static final byte[] MARKER = {(byte) 0xC3, (byte) 0x01};
    private static final int HEADER_LENGTH = MARKER.length + Long.BYTES;

    private final KnownTweetSchemas schemas;
    private final BinaryMessageEncoder<io.tweetstream.adapter.avro.generated.Tweet> encoder =
            io.tweetstream.adapter.avro.generated.Tweet.getEncoder();
    private final BinaryMessageDecoder<io.tweetstream.adapter.avro.generated.Tweet> decoder;
    private final ThreadLocal<PerThread> perThread = ThreadLocal.withInitial(PerThread::new);

    SingleObjectTweetCodec(KnownTweetSchemas schemas) {
        AvroDecodeLimits.ensureApplied();
        this.schemas = Objects.requireNonNull(schemas, "schemas");
        // The current schema is the reader's; the store resolves the writers' fingerprints.
        this.decoder = io.tweetstream.adapter.avro.generated.Tweet.createDecoder(schemas);
    }

    @Override
    public byte[] encode(Tweet tweet) {
        Objects.requireNonNull(tweet, "tweet");
        PerThread local = perThread.get();
        try {
            encoder.encode(TweetMapping.toRecord(tweet, local.outgoing), local.output.reset());
            return local.output.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: encoding into memory", e);
        }
    }

    @Override
    public DecodeResult decode(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return DecodeFailures.empty(payload);
        }
        // Checked here first, so the reasons can say what is wrong in the payload's own terms.
        if (!startsWithMarker(payload)) {
            return DecodeFailures.badMarker(payload, MARKER);
        }
        if (payload.length < HEADER_LENGTH) {
            return DecodeFailures.truncatedHeader(payload.length, HEADER_LENGTH);
        }
        PerThread local = perThread.get();
        PayloadInputStream in = local.input.reset(payload);
        io.tweetstream.adapter.avro.generated.Tweet record;
        try {
            record = decoder.decode(in, local.incoming);
            if (in.remaining() > 0) {
                return DecodeFailures.trailingBytes(in.remaining(), payload.length, AvroCodecs.SINGLE_OBJECT);
            }
        } catch (MissingSchemaException e) {
            return DecodeFailures.unknownSchema(fingerprint(payload), schemas.describeFingerprints());
        } catch (IOException | RuntimeException e) {
            return DecodeFailures.fromAvro(e, payload.length, AvroCodecs.SINGLE_OBJECT);
        } finally {
            in.release();
        }
        return TweetMapping.toDomain(record);
    }

    private static boolean startsWithMarker(byte[] payload) {
        if (payload.length < MARKER.length) {
            return payload[0] == MARKER[0];
        }
        return payload[0] == MARKER[0] && payload[1] == MARKER[1];
    }

    private static long fingerprint(byte[] payload) {
        return ByteBuffer.wrap(payload, MARKER.length, Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** What one thread reuses from record to record. */
    private static final class PerThread {
        final PayloadOutputBuffer output = new PayloadOutputBuffer();
        final PayloadInputStream input = new PayloadInputStream();
        final io.tweetstream.adapter.avro.generated.Tweet outgoing = new io.tweetstream.adapter.avro.generated.Tweet();
        final io.tweetstream.adapter.avro.generated.Tweet incoming = new io.tweetstream.adapter.avro.generated.Tweet();
    }
}
