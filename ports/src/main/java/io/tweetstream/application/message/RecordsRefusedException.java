package io.tweetstream.application.message;

import java.util.List;

/**
 * A sink refused some records for good (e.g. Kafka: larger than the producer's {@code max.request.size}), and
 * acknowledged every other record of the flush. Retrying cannot help these records, so the use case dead-letters
 * their inputs and the batch goes on; any other failure is a plain {@link DeliveryFailedException} and fails the
 * batch. Which errors are permanent and per record is the sink's knowledge: it throws this only when it is sure.
 */
public class RecordsRefusedException extends DeliveryFailedException {

    private static final long serialVersionUID = 1L;

    private final transient List<DeadLetter> refused;

    /**
     * @param acknowledged records of the flush that were delivered
     * @param refused the input of each refused record, with the refusal as its reason; never empty
     */
    public RecordsRefusedException(String message, long acknowledged, List<DeadLetter> refused, Throwable cause) {
        super(message, acknowledged, cause);
        if (refused.isEmpty()) {
            throw new IllegalArgumentException("a refusal names at least one record");
        }
        this.refused = List.copyOf(refused);
    }

    /** The refused records' inputs, as dead letters whose reason is the refusal. */
    public List<DeadLetter> refused() {
        return refused;
    }
}
