package io.tweetstream.application.service;

import io.tweetstream.application.port.in.ProcessBatchUseCase;
import io.tweetstream.application.port.in.ProcessBatchUseCaseFactory;
import io.tweetstream.application.port.out.DeadLetterSinkFactory;
import io.tweetstream.application.port.out.TaskResources;
import io.tweetstream.application.port.out.TweetCodecFactory;
import io.tweetstream.application.port.out.TweetSinkFactory;
import io.tweetstream.domain.transform.TransformationCatalog;
import java.util.Objects;

/**
 * The whole pipeline as a serializable value: factories of the codec and sinks, and the transformation chain as
 * its specification (e.g. {@code normalize, redact}). The domain's objects are not serializable: each worker
 * builds its own chain from the specification in {@link #create()}.
 */
public record ProcessBatchServiceFactory(
        TweetCodecFactory codec,
        String transformations,
        TweetSinkFactory sinks,
        DeadLetterSinkFactory deadLetters) implements ProcessBatchUseCaseFactory {

    public ProcessBatchServiceFactory {
        Objects.requireNonNull(codec, "codec");
        TransformationCatalog.parse(transformations); // a bad chain fails here, where it is configured
        Objects.requireNonNull(sinks, "sinks");
        Objects.requireNonNull(deadLetters, "deadLetters");
    }

    @Override
    public ProcessBatchUseCase create() {
        TaskResources shared = new TaskResources();
        return new ProcessBatchService(codec.create(), TransformationCatalog.parse(transformations),
                sinks.create(shared), deadLetters.create(shared));
    }
}
