package io.tweetstream.adapter.stdout;

import com.google.inject.Module;
import io.tweetstream.application.port.out.TaskResources;
import io.tweetstream.application.port.out.TweetSink;
import io.tweetstream.application.port.out.TweetSinkFactory;
import io.tweetstream.plugin.SinkBinding;
import io.tweetstream.plugin.SinkPlugin;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef;

/** {@code sinks=stdout}: one line per tweet on the standard output of whichever JVM delivers it. */
public final class StdoutSinkPlugin implements SinkPlugin {

    static final String PREFIX = "stdout.prefix";

    @Override
    public String name() {
        return "stdout";
    }

    @Override
    public ConfigDef settings() {
        return new ConfigDef().define(PREFIX, Type.STRING, "", Importance.LOW,
                "text printed before each tweet's line (e.g. the job's name)");
    }

    @Override
    public Module module(Map<String, Object> settings) {
        return SinkBinding.of(new Factory((String) settings.get(PREFIX)));
    }

    /** Serializable: carries the prefix to the workers, where each prints to its own standard output. */
    record Factory(String prefix) implements TweetSinkFactory {
        @Override
        public TweetSink create(TaskResources shared) {
            return new StdoutTweetSink(System.out, prefix);
        }
    }
}
