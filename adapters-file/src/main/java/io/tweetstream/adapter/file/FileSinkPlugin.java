package io.tweetstream.adapter.file;

import com.google.inject.Module;
import io.tweetstream.application.port.out.TaskResources;
import io.tweetstream.application.port.out.TweetSink;
import io.tweetstream.application.port.out.TweetSinkFactory;
import io.tweetstream.plugin.SinkBinding;
import io.tweetstream.plugin.SinkPlugin;
import io.tweetstream.plugin.SparkUnits;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef;

/** {@code sinks=file} (alone, or with others: {@code kafka,file}): tweets as JSON Lines files. */
public final class FileSinkPlugin implements SinkPlugin {

    static final String DIRECTORY = "file.directory";
    static final String PREFIX = "file.prefix";
    static final String MAX_BYTES = "file.max-bytes";
    static final String MAX_AGE = "file.max-age";

    @Override
    public String name() {
        return "file";
    }

    @Override
    public ConfigDef settings() {
        return new ConfigDef()
                .define(DIRECTORY, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, "where the JSON Lines files appear")
                .define(PREFIX, Type.STRING, "tweets", new ConfigDef.NonEmptyString(), Importance.LOW,
                        "file name prefix")
                .define(MAX_BYTES, Type.STRING, "128m", SparkUnits.sizeValidator(), Importance.MEDIUM,
                        "a file is finished and another started past this size")
                .define(MAX_AGE, Type.STRING, "5min", SparkUnits.durationValidator(), Importance.MEDIUM,
                        "a file is finished and another started once this old");
    }

    @Override
    public Module module(Map<String, Object> settings) {
        return SinkBinding.of(new Factory(new FileSinkSettings((String) settings.get(DIRECTORY),
                (String) settings.get(PREFIX), SparkUnits.bytes((String) settings.get(MAX_BYTES)),
                SparkUnits.duration((String) settings.get(MAX_AGE)))));
    }

    /** Serializable: travels to the workers, where each builds its own sink. */
    record Factory(FileSinkSettings settings) implements TweetSinkFactory {
        @Override
        public TweetSink create(TaskResources shared) {
            return new JsonLinesFileSink(settings);
        }
    }
}
