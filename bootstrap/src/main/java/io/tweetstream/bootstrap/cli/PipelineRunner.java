package io.tweetstream.bootstrap.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.tweetstream.application.port.out.PipelineFailedException;
import io.tweetstream.application.port.out.StreamingEngine;
import io.tweetstream.application.port.out.TopicVerifier;
import io.tweetstream.bootstrap.config.TweetstreamConfig;
import io.tweetstream.application.service.PipelineCounters;
import io.tweetstream.bootstrap.wiring.TweetstreamModules;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the object graph (the only place with an injector), checks the topics, and runs the engine until it
 * stops, fails, or the caller says it is done.
 */
final class PipelineRunner {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);

    private final Injector injector;

    PipelineRunner(TweetstreamConfig config) {
        this.injector = Guice.createInjector(TweetstreamModules.forConfig(config));
    }

    PipelineCounters counters() {
        return injector.getInstance(PipelineCounters.class);
    }

    Map<String, Integer> verifyTopics() {
        Map<String, Integer> partitions = injector.getInstance(TopicVerifier.class).verifyTopics();
        LOG.info("topics checked: {}", partitions);
        return partitions;
    }

    /**
     * Runs until the engine stops (e.g. SIGTERM), fails, or {@code done} turns true (then stops gracefully).
     *
     * @return an exit code
     */
    int run(Duration reportEvery, Consumer<PipelineCounters> report, BooleanSupplier done) {
        StreamingEngine engine = injector.getInstance(StreamingEngine.class);
        engine.start();
        try {
            while (!engine.awaitTermination(reportEvery)) {
                report.accept(counters());
                if (done.getAsBoolean()) {
                    engine.stop(true);
                    break;
                }
            }
            report.accept(counters());
            return ExitCodes.OK;
        } catch (PipelineFailedException e) {
            LOG.error("the pipeline failed; the failed batch was not committed and will be read again on restart", e);
            return ExitCodes.PIPELINE_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            engine.stop(true);
            return ExitCodes.OK;
        }
    }
}
