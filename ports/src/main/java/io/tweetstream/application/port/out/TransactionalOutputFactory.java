package io.tweetstream.application.port.out;

import java.io.Serializable;

/**
 * Opens a worker's {@link TransactionalOutput}. Serializable, so an engine ships it to its workers like the sink
 * factories; live producers stay where they were made.
 */
@FunctionalInterface
public interface TransactionalOutputFactory extends Serializable {

    /**
     * @param transactionalId stable per slice of input (see
     *                        {@link io.tweetstream.application.port.in.InputProgress#transactionalId()}); opening
     *                        it fences every earlier holder of the same id
     */
    TransactionalOutput open(String transactionalId);
}
