package io.tweetstream.bootstrap.wiring;

import com.google.inject.Module;
import io.tweetstream.adapter.avro.AvroCodecModule;
import io.tweetstream.adapter.kafka.InProcessEngineModule;
import io.tweetstream.adapter.file.FileSinkModule;
import io.tweetstream.adapter.kafka.KafkaAdapterModule;
import io.tweetstream.adapter.kafka.KafkaSinkModule;
import io.tweetstream.adapter.spark.SparkEngineModule;
import io.tweetstream.bootstrap.config.TweetstreamConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Which adapters serve which ports, chosen by configuration: the one place to touch when adding an engine,
 * a codec or a sink.
 */
public final class TweetstreamModules {

    private TweetstreamModules() {
    }

    public static List<Module> forConfig(TweetstreamConfig config) {
        List<Module> modules = new ArrayList<>();
        modules.add(new ApplicationModule(config.transformations()));
        modules.add(new AvroCodecModule(config.codec()));
        modules.add(new KafkaAdapterModule(config.kafka()));
        for (String sink : config.sinks()) {
            modules.add(sink(sink, config));
        }
        modules.add(engine(config));
        return modules;
    }

    private static Module sink(String name, TweetstreamConfig config) {
        switch (name) {
            case "kafka":
                return new KafkaSinkModule(config.kafka());
            case "file":
                return new FileSinkModule(config.file());
            default:
                throw new IllegalArgumentException("sinks must be among " + TweetstreamConfig.SINKS + ", got '" + name + "'");
        }
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
