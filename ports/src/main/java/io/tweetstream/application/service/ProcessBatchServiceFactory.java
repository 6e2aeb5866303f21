package io.tweetstream.application.service;

import io.tweetstream.application.port.in.ProcessBatchUseCase;
import io.tweetstream.application.port.in.ProcessBatchUseCaseFactory;
import io.tweetstream.application.port.out.DeadLetterSinkFactory;
import io.tweetstream.application.port.out.TaskResources;
import io.tweetstream.application.port.out.TransactionalOutputFactory;
import io.tweetstream.application.port.out.TweetCodecFactory;
import io.tweetstream.application.port.out.TweetSinkFactory;
import io.tweetstream.domain.transform.TransformationCatalog;
import java.util.Objects;

/**
 * The whole pipeline as a serializable value: factories of the codec and sinks, and the transformation chain as
 * its specification (e.g. {@code normalize, redact}). The domain's objects are not serializable: each worker
 * builds its own chain from the specification in {@link #create()}. {@code transactions} is {@code null} unless the
 * pipeline delivers exactly once.
 */
public record ProcessBatchServiceFactory(
        TweetCodecFactory codec,
        String transformations,
        TweetSinkFactory sinks,
        DeadLetterSinkFactory deadLetters,
        TransactionalOutputFactory transactions) implements ProcessBatchUseCaseFactory {

    /** At least once only. */
    public ProcessBatchServiceFactory(TweetCodecFactory codec, String transformations, TweetSinkFactory sinks,
                                      DeadLetterSinkFactory deadLetters) {
        this(codec, transformations, sinks, deadLetters, null);
    }

    /** The same pipeline, able to deliver exactly once through {@code transactions}. */
    public ProcessBatchServiceFactory withExactlyOnce(TransactionalOutputFactory transactions) {
        return new ProcessBatchServiceFactory(codec, transformations, sinks, deadLetters,
                Objects.requireNonNull(transactions, "transactions"));
    }

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
                sinks.create(shared), deadLetters.create(shared), shared, transactions);
    }
}
