package io.tweetstream.bootstrap.cli;

import io.tweetstream.bootstrap.config.ConfigException;
import io.tweetstream.bootstrap.config.TweetstreamConfig;
import io.tweetstream.bootstrap.lifecycle.ProcessLifecycle;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Runs the pipeline against a configured Kafka cluster, until stopped: SIGTERM finishes and commits the running
 * batch, then the process exits 0.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the pipeline against the configured Kafka cluster until stopped.")
public final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Override
    public Integer call() {
        TweetstreamConfig config;
        try {
            config = options.load(null);
        } catch (ConfigException e) {
            return ConfigOptions.report(e, System.err);
        }
        LOG.info("configuration: {}", config); // secrets redacted by each settings record's toString
        try (ProcessLifecycle lifecycle = ProcessLifecycle.install()) {
            PipelineRunner runner = new PipelineRunner(config);
            try {
                runner.verifyTopics();
            } catch (IllegalStateException e) {
                System.err.println("tweetstream: " + e.getMessage());
                return ExitCodes.BAD_CONFIGURATION;
            }
            return runner.run(lifecycle, Duration.ofSeconds(30),
                    c -> LOG.info("consumed {}, produced {}, dead-lettered {}", c.consumed(), c.produced(),
                            c.deadLettered()),
                    () -> false);
        }
    }
}
