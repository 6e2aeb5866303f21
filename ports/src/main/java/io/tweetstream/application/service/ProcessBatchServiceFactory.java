package io.tweetstream.application.service;

import io.tweetstream.application.port.in.ProcessBatchUseCase;
import io.tweetstream.application.port.out.DeadLetterSinkFactory;
import io.tweetstream.application.port.out.PipelineMetrics;
import io.tweetstream.application.port.out.TweetCodecFactory;
import io.tweetstream.application.port.out.TweetSinkFactory;
import io.tweetstream.domain.transform.TweetTransformation;
import java.io.Serializable;
import java.util.Objects;

/**
 * The whole pipeline as a serializable value: what an engine ships to its workers, where
 * {@link #create(PipelineMetrics)} builds a {@link ProcessBatchService} with live codec and sinks.
 */
public record ProcessBatchServiceFactory(
        TweetCodecFactory codec,
        TweetTransformation transformation,
        TweetSinkFactory sinks,
        DeadLetterSinkFactory deadLetters) implements Serializable {

    public ProcessBatchServiceFactory {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(transformation, "transformation");
        Objects.requireNonNull(sinks, "sinks");
        Objects.requireNonNull(deadLetters, "deadLetters");
    }

    /** A service for one worker thread, counting into {@code metrics}. */
    public ProcessBatchUseCase create(PipelineMetrics metrics) {
        return new ProcessBatchService(codec.create(), transformation, sinks.create(), deadLetters.create(), metrics);
    }
}
