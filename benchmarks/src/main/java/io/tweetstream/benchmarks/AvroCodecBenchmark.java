package io.tweetstream.benchmarks;

import io.tweetstream.adapter.avro.AvroCodecs;
import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.domain.Tweet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Our codecs against plain Avro on the same tweets, per record. "Raw" is Avro used well, as a hand-written
 * pipeline would: generated records built beforehand, {@code SpecificDatumWriter}/{@code SpecificDatumReader}
 * with a reused encoder, decoder and record; for single-object, the generated class's own message encoder and
 * decoder. Ours starts from and ends at the domain {@code Tweet}, so the mapping, the validation and the checks
 * (trailing bytes, typed failures) are part of its time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class AvroCodecBenchmark {

    private static final int TWEETS = 1024; // a power of two, for cheap cycling
    private static final long SEED = 42L;

    private Tweet[] tweets;
    private io.tweetstream.adapter.avro.generated.Tweet[] records;
    private byte[][] binaryPayloads;
    private byte[][] singleObjectPayloads;
    private int next;

    private TweetCodec ourBinary;
    private TweetCodec ourSingleObject;

    private SpecificDatumWriter<io.tweetstream.adapter.avro.generated.Tweet> rawWriter;
    private SpecificDatumReader<io.tweetstream.adapter.avro.generated.Tweet> rawReader;
    private ByteArrayOutputStream rawOut;
    private BinaryEncoder rawEncoder;
    private BinaryDecoder rawDecoder;
    private io.tweetstream.adapter.avro.generated.Tweet rawReuse;
    private BinaryMessageEncoder<io.tweetstream.adapter.avro.generated.Tweet> rawMessageEncoder;
    private BinaryMessageDecoder<io.tweetstream.adapter.avro.generated.Tweet> rawMessageDecoder;

    /** Everything is built on the benchmark thread, as each side would be on a worker thread. */
    @Setup
    public void setUp() {
        rawWriter = new SpecificDatumWriter<>(io.tweetstream.adapter.avro.generated.Tweet.class);
        rawReader = new SpecificDatumReader<>(io.tweetstream.adapter.avro.generated.Tweet.class);
        rawOut = new ByteArrayOutputStream(2048);
        rawReuse = new io.tweetstream.adapter.avro.generated.Tweet();
        rawMessageEncoder = io.tweetstream.adapter.avro.generated.Tweet.getEncoder();
        rawMessageDecoder = io.tweetstream.adapter.avro.generated.Tweet.getDecoder();
        ourBinary = AvroCodecs.factory(AvroCodecs.BINARY).create();
        ourSingleObject = AvroCodecs.factory(AvroCodecs.SINGLE_OBJECT).create();
        tweets = BenchmarkTweets.generate(TWEETS, SEED);
        records = new io.tweetstream.adapter.avro.generated.Tweet[TWEETS];
        binaryPayloads = new byte[TWEETS][];
        singleObjectPayloads = new byte[TWEETS][];
        for (int i = 0; i < TWEETS; i++) {
            records[i] = new io.tweetstream.adapter.avro.generated.Tweet(
                    tweets[i].username(), tweets[i].text(), tweets[i].timestamp());
            binaryPayloads[i] = ourBinary.encode(tweets[i]);
            singleObjectPayloads[i] = ourSingleObject.encode(tweets[i]);
        }
    }

    private int next() {
        next = (next + 1) & (TWEETS - 1);
        return next;
    }

    @Benchmark
    public byte[] encodeBinaryRaw() throws IOException {
        rawOut.reset();
        rawEncoder = EncoderFactory.get().binaryEncoder(rawOut, rawEncoder);
        rawWriter.write(records[next()], rawEncoder);
        rawEncoder.flush();
        return rawOut.toByteArray();
    }

    @Benchmark
    public byte[] encodeBinaryOurs() {
        return ourBinary.encode(tweets[next()]);
    }

    @Benchmark
    public io.tweetstream.adapter.avro.generated.Tweet decodeBinaryRaw() throws IOException {
        rawDecoder = DecoderFactory.get().binaryDecoder(binaryPayloads[next()], rawDecoder);
        return rawReader.read(rawReuse, rawDecoder);
    }

    @Benchmark
    public DecodeResult decodeBinaryOurs() {
        return ourBinary.decode(binaryPayloads[next()]);
    }

    @Benchmark
    public ByteBuffer encodeSingleObjectRaw() throws IOException {
        return rawMessageEncoder.encode(records[next()]);
    }

    @Benchmark
    public byte[] encodeSingleObjectOurs() {
        return ourSingleObject.encode(tweets[next()]);
    }

    @Benchmark
    public io.tweetstream.adapter.avro.generated.Tweet decodeSingleObjectRaw() throws IOException {
        return rawMessageDecoder.decode(singleObjectPayloads[next()], rawReuse);
    }

    @Benchmark
    public DecodeResult decodeSingleObjectOurs() {
        return ourSingleObject.decode(singleObjectPayloads[next()]);
    }
}
