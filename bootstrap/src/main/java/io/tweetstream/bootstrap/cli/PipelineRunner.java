package io.tweetstream.bootstrap.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.tweetstream.application.lifecycle.PipelineFailedException;
import io.tweetstream.application.lifecycle.ProcessResource;
import io.tweetstream.application.lifecycle.StreamingEngine;
import io.tweetstream.application.port.out.TopicVerifier;
import io.tweetstream.application.service.PipelineCounters;
import io.tweetstream.bootstrap.config.TweetstreamConfig;
import io.tweetstream.bootstrap.lifecycle.ProcessLifecycle;
import io.tweetstream.bootstrap.wiring.TweetstreamModules;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the object graph (the only place with an injector), checks the topics, and runs the engine until it
 * stops, fails, the process is asked to stop, or the caller says it is done; then stops in order: the engine
 * (gracefully: its last batch delivered and committed), then the adapters' process resources, sinks before
 * client pools.
 */
final class PipelineRunner {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);
    /** How often the main thread looks for a stop request. */
    private static final Duration POLL = Duration.ofMillis(200);

    private final Injector injector;
    private Consumer<String> metricsUrl = url -> { };

    PipelineRunner(TweetstreamConfig config) {
        this.injector = Guice.createInjector(TweetstreamModules.forConfig(config));
    }

    /** Told where the engine's metrics are, once it started, if it serves them. */
    void onMetricsUrl(Consumer<String> listener) {
        this.metricsUrl = listener;
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
     * Runs until the engine stops, fails, {@code lifecycle} is asked to stop (SIGTERM), or {@code done} turns
     * true; stops gracefully in the last two cases.
     *
     * @return an exit code
     */
    int run(ProcessLifecycle lifecycle, Duration reportEvery, Consumer<PipelineCounters> report, BooleanSupplier done) {
        StreamingEngine engine = injector.getInstance(StreamingEngine.class);
        try {
            engine.start();
            engine.metricsUrl().ifPresent(url -> {
                LOG.info("metrics (Prometheus text) at {}", url);
                metricsUrl.accept(url);
            });
            Duration poll = reportEvery.compareTo(POLL) < 0 ? reportEvery : POLL;
            long nextReport = System.nanoTime() + reportEvery.toNanos();
            while (!engine.awaitTermination(poll)) {
                if (System.nanoTime() >= nextReport) {
                    report.accept(counters());
                    nextReport = System.nanoTime() + reportEvery.toNanos();
                }
                if (lifecycle.stopRequested() || done.getAsBoolean()) {
                    engine.stop(true);
                    engine.awaitTermination(Duration.ZERO); // throws if the last batch failed while stopping
                    break;
                }
            }
            report.accept(counters());
            return ExitCodes.OK;
        } catch (PipelineFailedException e) {
            LOG.error("the pipeline failed; the failed batch was not committed and will be read again on restart", e);
            return ExitCodes.PIPELINE_FAILED;
        } catch (RuntimeException e) {
            LOG.error("the pipeline could not run: {}", e.getMessage(), e);
            try {
                engine.stop(false); // whatever part of it started: nothing more is committed
            } catch (RuntimeException notStarted) {
                LOG.debug("nothing to stop", notStarted);
            }
            return ExitCodes.PIPELINE_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            engine.stop(true);
            return ExitCodes.OK;
        } finally {
            closeProcessResources();
        }
    }

    /** After the engine: nothing delivers through them any more. */
    private void closeProcessResources() {
        Set<ProcessResource> resources = injector.getInstance(Key.get(new TypeLiteral<Set<ProcessResource>>() { }));
        resources.stream().sorted(Comparator.comparing(ProcessResource::stage)).forEach(resource -> {
            try {
                resource.close();
                LOG.info("closed {}", resource.name());
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("closing {} failed", resource.name(), e);
            }
        });
    }
}
