package io.tweetstream.adapter.kafka;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Errors after which a producer must not be reused (Kafka's producer docs: "the only option is to close the
 * producer"). Others, such as a record too large or a timeout, fail the record, not the producer.
 */
final class FatalProducerErrors {

    private FatalProducerErrors() {
    }

    static boolean isFatal(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException
                    || t instanceof FencedInstanceIdException
                    || t instanceof InvalidProducerEpochException
                    || t instanceof OutOfOrderSequenceException
                    || t instanceof AuthenticationException
                    || t instanceof AuthorizationException
                    || t instanceof UnsupportedVersionException
                    // "Cannot perform operation after producer has been closed"
                    || t instanceof IllegalStateException) {
                return true;
            }
        }
        return false;
    }
}
