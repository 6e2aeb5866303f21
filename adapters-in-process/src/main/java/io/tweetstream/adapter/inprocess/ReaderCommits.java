package io.tweetstream.adapter.inprocess;

import io.tweetstream.kafkasource.CommitFailures;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reader's commits, with the same escalation as the Spark engine's ({@link CommitFailures}): a failed
 * {@code commitSync} (which has already retried what Kafka calls retriable, for {@code default.api.timeout.ms}) is
 * tolerated, since the reader's next commit covers its offsets; once the commits of too many polls in a row failed,
 * the reader fails, and with it the job.
 */
final class ReaderCommits {

    private static final Logger LOG = LoggerFactory.getLogger(ReaderCommits.class);

    private final CommitFailures failures;

    ReaderCommits(int maxFailedBatches) {
        this.failures = new CommitFailures(maxFailedBatches);
    }

    /** @throws CommitFailures.CommitsFailedException when this failure is one too many in a row */
    void commit(Consumer<?, ?> consumer, Map<TopicPartition, OffsetAndMetadata> delivered) {
        try {
            consumer.commitSync(delivered);
            failures.succeeded();
        } catch (WakeupException | InterruptException stopping) {
            throw stopping; // a stop, not a failed commit
        } catch (KafkaException e) {
            LOG.warn("committing offsets {} failed ({} in a row): {}", delivered, failures.inARow() + 1, e.toString());
            var stop = failures.failed(e);
            if (stop.isPresent()) {
                throw stop.get();
            }
        }
    }
}
