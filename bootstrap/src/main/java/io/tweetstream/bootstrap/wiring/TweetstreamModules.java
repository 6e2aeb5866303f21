package io.tweetstream.bootstrap.wiring;

import com.google.inject.Module;
import io.tweetstream.adapter.avro.AvroCodecModule;
import io.tweetstream.adapter.inprocess.InProcessEngineModule;
import io.tweetstream.adapter.kafka.KafkaAdapterModule;
import io.tweetstream.adapter.spark.SparkEngineModule;
import io.tweetstream.bootstrap.config.TweetstreamConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Which adapters serve which ports, chosen by configuration: the codec, the Kafka adapter (dead letters, topic
 * checks), the engine, and the modules of the chosen sink plug-ins (found on the class path, not listed here).
 */
public final class TweetstreamModules {

    private TweetstreamModules() {
    }

    public static List<Module> forConfig(TweetstreamConfig config) {
        List<Module> modules = new ArrayList<>();
        modules.add(new ApplicationModule(config.transformations(), config.exactlyOnce()));
        modules.add(new AvroCodecModule(config.codec()));
        modules.add(new KafkaAdapterModule(config.kafka()));
        for (TweetstreamConfig.ConfiguredSink sink : config.sinks()) {
            modules.add(sink.module());
        }
        modules.add(engine(config));
        return modules;
    }

    private static Module engine(TweetstreamConfig config) {
        switch (config.engine()) {
            case "spark":
                return new SparkEngineModule(config.spark());
            case "in-process":
                return new InProcessEngineModule(config.inProcess());
            default:
                throw new IllegalArgumentException("engine must be one of " + TweetstreamConfig.ENGINES
                        + ", got '" + config.engine() + "'");
        }
    }
}
