package io.tweetstream.application.port.in;

/**
 * What one delivered batch amounted to.
 *
 * @param consumed input records read
 * @param produced output records acknowledged by the sink (a filter may make this smaller, a split larger)
 * @param deadLettered input records acknowledged by the dead-letter sink
 */
public record BatchResult(long consumed, long produced, long deadLettered) {

    public static final BatchResult EMPTY = new BatchResult(0, 0, 0);

    public BatchResult {
        if (consumed < 0 || produced < 0 || deadLettered < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got consumed=" + consumed
                    + " produced=" + produced + " deadLettered=" + deadLettered);
        }
    }

    public BatchResult plus(BatchResult other) {
        return new BatchResult(consumed + other.consumed, produced + other.produced, deadLettered + other.deadLettered);
    }
}
