package io.tweetstream.application.message;

/**
 * A sink could not deliver every record it was given. The batch must fail: its offsets are not committed,
 * so the records are read again.
 */
public class DeliveryFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long acknowledged;

    /**
     * @param acknowledged records of the flush that were delivered before or beside the failure
     */
    public DeliveryFailedException(String message, long acknowledged, Throwable cause) {
        super(message, cause);
        this.acknowledged = acknowledged;
    }

    public long acknowledged() {
        return acknowledged;
    }
}
