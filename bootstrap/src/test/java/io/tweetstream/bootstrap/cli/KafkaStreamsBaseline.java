package io.tweetstream.bootstrap.cli;

import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.application.port.out.TweetCodecFactory;
import io.tweetstream.domain.Tweet;
import io.tweetstream.domain.transform.TransformationCatalog;
import io.tweetstream.domain.transform.TweetTransformation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The Kafka Streams baseline of {@link EngineThroughputBenchmark}: our job as a Processor API topology, the closest
 * to our engines (one function per record that writes outputs and dead letters): decode with our codec, apply our
 * transformation chain, encode every output before forwarding any; what cannot be decoded, transformed or encoded
 * goes to the dead-letter topic with the same reason headers our engines write. Stateless: no store, no internal
 * topic, so the only cost of {@code exactly_once_v2} is the transactions.
 */
final class KafkaStreamsBaseline {

    private static final String SOURCE = "input";
    private static final String JOB = "decode-transform-encode";
    private static final String OUTPUT = "output";
    private static final String DEAD_LETTERS = "dead-letters";

    private KafkaStreamsBaseline() {
    }

    static Topology topology(String input, String output, String deadLetters, TweetCodecFactory codec,
                             String transformations) {
        TransformationCatalog.parse(transformations); // a bad chain fails here, not on a stream thread
        return new Topology()
                .addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), input)
                // One processor per task (a supplier, not a shared instance): codecs are not thread-safe.
                .addProcessor(JOB, () -> new DecodeTransformEncode(codec.create(),
                        TransformationCatalog.parse(transformations)), SOURCE)
                .addSink(OUTPUT, output, new ByteArraySerializer(), new ByteArraySerializer(), JOB)
                .addSink(DEAD_LETTERS, deadLetters, new ByteArraySerializer(), new ByteArraySerializer(), JOB);
    }

    /**
     * Kafka Streams' defaults except: {@code guarantee}, {@code threads} stream threads, our engines' producer
     * settings, byte-array serdes, and a state directory of this run's own (the machine is shared).
     */
    static Properties config(String bootstrap, String applicationId, String guarantee, int threads,
                             Map<String, Object> producerSettings, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        producerSettings.forEach((key, value) -> props.put(StreamsConfig.producerPrefix(key), value));
        return props;
    }

    /** What {@code ProcessBatchService} does per record, with Kafka Streams forwarding instead of our sinks. */
    private static final class DecodeTransformEncode implements Processor<byte[], byte[], byte[], byte[]> {

        private final TweetCodec codec;
        private final TweetTransformation transformation;
        private ProcessorContext<byte[], byte[]> context;

        DecodeTransformEncode(TweetCodec codec, TweetTransformation transformation) {
            this.codec = codec;
            this.transformation = transformation;
        }

        @Override
        public void init(ProcessorContext<byte[], byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            DecodeResult decoded = codec.decode(record.value());
            if (decoded instanceof DecodeResult.Failure failure) {
                deadLetter(record, failure.reason(), failure.errorType());
                return;
            }
            List<Tweet> outputs;
            byte[][] encoded;
            try {
                outputs = transformation.apply(((DecodeResult.Success) decoded).tweet());
                encoded = new byte[outputs.size()][];
                for (int i = 0; i < encoded.length; i++) {
                    encoded[i] = codec.encode(outputs.get(i));
                }
            } catch (RuntimeException e) {
                deadLetter(record, "transformation or encoding failed: " + e, "transformation-failed");
                return;
            }
            for (byte[] value : encoded) {
                context.forward(record.withValue(value), OUTPUT);
            }
        }

        /** The reason headers of our dead letters (adapters-kafka's {@code DeadLetterRecords}), same names. */
        private void deadLetter(Record<byte[], byte[]> record, String reason, String errorType) {
            RecordHeaders headers = new RecordHeaders(record.headers().toArray());
            header(headers, "tweetstream.dlq.reason", reason);
            header(headers, "tweetstream.dlq.error.class", errorType);
            RecordMetadata source = context.recordMetadata().orElseThrow();
            header(headers, "tweetstream.dlq.source.topic", source.topic());
            header(headers, "tweetstream.dlq.source.partition", Integer.toString(source.partition()));
            header(headers, "tweetstream.dlq.source.offset", Long.toString(source.offset()));
            header(headers, "tweetstream.dlq.source.timestamp", Long.toString(record.timestamp()));
            context.forward(record.withHeaders(headers), DEAD_LETTERS);
        }

        private static void header(RecordHeaders headers, String key, String value) {
            headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
