package io.tweetstream.bootstrap.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.tweetstream.application.lifecycle.ProcessResource;
import io.tweetstream.application.lifecycle.StreamingEngine;
import io.tweetstream.application.port.in.ProcessBatchUseCaseFactory;
import io.tweetstream.application.port.out.PipelineMetrics;
import io.tweetstream.application.port.out.TopicVerifier;
import io.tweetstream.application.service.PipelineCounters;
import io.tweetstream.application.service.ProcessBatchServiceFactory;
import io.tweetstream.bootstrap.config.TweetstreamConfig;
import io.tweetstream.domain.Tweet;
import io.tweetstream.domain.transform.TransformationCatalog;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The wiring is complete, and what executors receive survives Java serialization. No I/O happens. */
class TweetstreamModulesTest {

    private final TweetstreamConfig config = TweetstreamConfig.load(null, Map.of(
            "kafka.bootstrap.servers", "127.0.0.1:1", "input.topic", "in", "output.topic", "out",
            "codec", "single-object", "transformations", "normalize,redact"), null);
    private final Injector injector = Guice.createInjector(TweetstreamModules.forConfig(config));

    @Test
    void everyPortIsBound() {
        assertThat(injector.getInstance(StreamingEngine.class)).isNotNull();
        assertThat(injector.getInstance(TopicVerifier.class)).isNotNull();
        assertThat(injector.getInstance(PipelineMetrics.class)).isSameAs(injector.getInstance(PipelineCounters.class));
        assertThat(injector.getInstance(Key.get(new TypeLiteral<Set<ProcessResource>>() { })))
                .extracting(ProcessResource::name, ProcessResource::stage)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Kafka producer pools",
                        ProcessResource.Stage.CLIENT_POOLS));
    }

    @Test
    void theEngineIsChosenByConfiguration() {
        TweetstreamConfig inProcess = TweetstreamConfig.load(null, Map.of(
                "kafka.bootstrap.servers", "127.0.0.1:1", "input.topic", "in", "output.topic", "out",
                "engine", "in-process", "in-process.readers", "4"), null);

        StreamingEngine engine = Guice.createInjector(TweetstreamModules.forConfig(inProcess))
                .getInstance(StreamingEngine.class);

        assertThat(engine.getClass().getSimpleName()).isEqualTo("InProcessEngine");
        assertThat(injector.getInstance(StreamingEngine.class).getClass().getSimpleName())
                .isEqualTo("SparkStreamingEngine");
        assertThat(inProcess.inProcess().readers()).hasValue(4);
    }

    @Test
    void exactlyOnceDeliversThroughTheKafkaTransactionsAndStaysSerializable() throws Exception {
        TweetstreamConfig exactlyOnce = TweetstreamConfig.load(null, Map.of(
                "kafka.bootstrap.servers", "127.0.0.1:1", "input.topic", "in", "output.topic", "out",
                "engine", "in-process", "delivery", "exactly-once"), null);

        ProcessBatchServiceFactory pipeline = (ProcessBatchServiceFactory) Guice.createInjector(
                TweetstreamModules.forConfig(exactlyOnce)).getInstance(ProcessBatchUseCaseFactory.class);
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(pipeline);
        }

        assertThat(pipeline.transactions()).isNotNull();
        assertThat(pipeline.transactions().getClass().getSimpleName()).isEqualTo("KafkaTransactionalOutputFactory");
        assertThat(((ProcessBatchServiceFactory) injector.getInstance(ProcessBatchUseCaseFactory.class))
                .transactions()).as("at least once by default").isNull();
    }

    @Test
    void thePipelineFactoryIsSerializableAndBuildsTheConfiguredCodecAndTransformations() throws Exception {
        ProcessBatchUseCaseFactory inPort = injector.getInstance(ProcessBatchUseCaseFactory.class);
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(inPort);
        }

        ProcessBatchServiceFactory pipeline = (ProcessBatchServiceFactory) inPort;
        byte[] encoded = pipeline.codec().create().encode(new Tweet("u", "t", 1));
        assertThat(encoded[0]).as("single-object marker").isEqualTo((byte) 0xC3);
        assertThat(TransformationCatalog.parse(pipeline.transformations()).apply(new Tweet("u", "  mail a@b.io ", 1)))
                .extracting(Tweet::text).containsExactly("mail [email]");
    }
}
