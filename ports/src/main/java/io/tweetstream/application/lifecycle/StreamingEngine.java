package io.tweetstream.application.lifecycle;

import java.time.Duration;
import java.util.Optional;

/**
 * Runs the pipeline continuously: reads batches from the source, hands each to the process-batch use case
 * (through the in-port {@link io.tweetstream.application.port.in.ProcessBatchUseCaseFactory}), and commits a
 * batch's source positions only after the use case returned (everything delivered).
 *
 * <p>Neither an in-port (the application does not implement it) nor an out-port (the application never calls it):
 * it is the contract between the lifecycle's owner (bootstrap) and a driving adapter, the engine. Engines have no
 * shutdown hooks of their own: the owner calls {@link #stop(boolean)}.
 */
public interface StreamingEngine {

    /** Starts consuming in the background and returns once the pipeline is running. */
    void start();

    /**
     * Waits until the pipeline stops or the timeout passes.
     *
     * @return true if it stopped, false on timeout
     * @throws PipelineFailedException if it stopped because a batch failed
     */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /**
     * Stops the pipeline. Graceful: the batch in flight completes and is committed first. Not graceful: stops
     * now; what was not committed is read again on the next start.
     */
    void stop(boolean graceful);

    /** Where a running engine's metrics can be scraped (Prometheus text), if it serves them. */
    default Optional<String> metricsUrl() {
        return Optional.empty();
    }
}
