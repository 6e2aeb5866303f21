package io.tweetstream.application.port.in;

import java.io.Serializable;

/**
 * The use case as an engine receives it: a serializable recipe, built once where the job is configured and shipped
 * to every worker (e.g. Spark executors), where {@link #create()} builds that worker's own use case with live codec
 * and sinks. Live clients are never serialized.
 */
@FunctionalInterface
public interface ProcessBatchUseCaseFactory extends Serializable {

    /** A use case for one worker thread (a Spark task, an in-process reader). */
    ProcessBatchUseCase create();
}
