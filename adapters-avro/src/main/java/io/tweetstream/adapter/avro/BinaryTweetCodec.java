package io.tweetstream.adapter.avro;

import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.domain.Tweet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Plain Avro binary: the record's fields and nothing else, as the original example reads and writes them.
 *
 * <p>No header, so no schema evolution: writer and reader must both use {@code tweet.avsc}. A payload with bytes
 * left after one complete record is rejected ({@code trailing-bytes}) rather than read in part: those bytes are
 * corruption, or a writer on another schema (a newer producer that appended a field would otherwise decode
 * silently as the old fields), and either way the tweet would not be what was sent.
 *
 * <p>Thread-safe: the datum reader and writer are shared (Avro's are thread-safe), encoders, decoders and
 * scratch records are reused per thread.
 */
final class BinaryTweetCodec implements TweetCodec {

    private final DatumWriter<io.tweetstream.adapter.avro.generated.Tweet> writer =
            new SpecificDatumWriter<>(io.tweetstream.adapter.avro.generated.Tweet.class);
    private final DatumReader<io.tweetstream.adapter.avro.generated.Tweet> reader =
            new SpecificDatumReader<>(io.tweetstream.adapter.avro.generated.Tweet.class);
    private final ThreadLocal<PerThread> perThread = ThreadLocal.withInitial(PerThread::new);

    BinaryTweetCodec() {
        AvroDecodeLimits.ensureApplied();
    }

    @Override
    public byte[] encode(Tweet tweet) {
        Objects.requireNonNull(tweet, "tweet");
        PerThread local = perThread.get();
        try {
            writer.write(TweetMapping.toRecord(tweet, local.outgoing), local.startRecord());
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
        PerThread local = perThread.get();
        io.tweetstream.adapter.avro.generated.Tweet record;
        try {
            // Reconfigures the thread's decoder over the payload itself: no copy of the bytes.
            BinaryDecoder in = DecoderFactory.get().binaryDecoder(payload, local.decoder);
            local.decoder = in;
            record = reader.read(local.incoming, in);
            if (!in.isEnd()) {
                return DecodeFailures.trailingBytes(in.inputStream().available(), payload.length, AvroCodecs.BINARY);
            }
        } catch (IOException | RuntimeException e) {
            return DecodeFailures.fromAvro(e, payload.length, AvroCodecs.BINARY);
        }
        return TweetMapping.toDomain(record);
    }

    /** What one thread reuses from record to record. */
    private static final class PerThread {
        final PayloadOutputBuffer output = new PayloadOutputBuffer();
        // Unbuffered: writes land in the output directly, and a failed write leaves nothing behind.
        final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(output, null);
        final io.tweetstream.adapter.avro.generated.Tweet outgoing = new io.tweetstream.adapter.avro.generated.Tweet();
        final io.tweetstream.adapter.avro.generated.Tweet incoming = new io.tweetstream.adapter.avro.generated.Tweet();
        BinaryDecoder decoder;

        BinaryEncoder startRecord() {
            output.reset();
            return encoder;
        }
    }
}
