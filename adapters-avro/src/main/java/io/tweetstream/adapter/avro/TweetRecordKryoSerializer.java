package io.tweetstream.adapter.avro;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.IOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Kryo serializer of the generated record as its Avro binary encoding, written straight into Kryo's stream.
 * Avro records delimit themselves and the direct decoder reads no further than the record, so no length prefix
 * is needed. Kryo's field serializer would instead walk the record's internals (schema, model) field by field.
 *
 * <p>Kryo registers a serializer per {@link Kryo} instance and uses a Kryo instance on one thread at a time, so
 * the reused encoder and decoder need no further guarding.
 */
final class TweetRecordKryoSerializer extends Serializer<io.tweetstream.adapter.avro.generated.Tweet> {

    private final DatumWriter<io.tweetstream.adapter.avro.generated.Tweet> writer =
            new SpecificDatumWriter<>(io.tweetstream.adapter.avro.generated.Tweet.class);
    private final DatumReader<io.tweetstream.adapter.avro.generated.Tweet> reader =
            new SpecificDatumReader<>(io.tweetstream.adapter.avro.generated.Tweet.class);
    private BinaryEncoder encoder;
    private BinaryDecoder decoder;

    @Override
    public void write(Kryo kryo, Output output, io.tweetstream.adapter.avro.generated.Tweet record) {
        try {
            // Direct (unbuffered) encoder: every byte is in Kryo's output when write returns, no flush needed.
            encoder = EncoderFactory.get().directBinaryEncoder(output, encoder);
            writer.write(record, encoder);
        } catch (IOException | RuntimeException e) {
            throw new KryoException("cannot write tweet record as Avro binary", e);
        }
    }

    @Override
    public io.tweetstream.adapter.avro.generated.Tweet read(
            Kryo kryo, Input input, Class<io.tweetstream.adapter.avro.generated.Tweet> type) {
        return readInto(null, input);
    }

    /** Reads one record, reusing {@code reuse} if not null. */
    io.tweetstream.adapter.avro.generated.Tweet readInto(io.tweetstream.adapter.avro.generated.Tweet reuse, Input input) {
        try {
            decoder = DecoderFactory.get().directBinaryDecoder(input, decoder);
            return reader.read(reuse, decoder);
        } catch (IOException | RuntimeException e) {
            throw new KryoException("cannot read tweet record from Avro binary", e);
        }
    }

    @Override
    public io.tweetstream.adapter.avro.generated.Tweet copy(Kryo kryo, io.tweetstream.adapter.avro.generated.Tweet original) {
        return io.tweetstream.adapter.avro.generated.Tweet.newBuilder(original).build();
    }
}
