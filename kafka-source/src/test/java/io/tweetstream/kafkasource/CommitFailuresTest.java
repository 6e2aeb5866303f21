package io.tweetstream.kafkasource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.junit.jupiter.api.Test;

/** The escalation policy both engines apply to failed offset commits. */
class CommitFailuresTest {

    @Test
    void theJobStopsAtTheBoundOfFailedCommitsInARowNamingTheLastCause() {
        CommitFailures failures = new CommitFailures(3);

        assertThat(failures.failed(new CoordinatorNotAvailableException("moving"))).isEmpty();
        assertThat(failures.failed(new CoordinatorNotAvailableException("moving"))).isEmpty();
        var stop = failures.failed(new GroupAuthorizationException("Not authorized to access group: tweetstream"));

        assertThat(stop).hasValueSatisfying(e -> {
            assertThat(e).hasCauseInstanceOf(GroupAuthorizationException.class);
            assertThat(e.getMessage()).contains("3 batches in a row", "commit.max-failed-batches",
                    "GroupAuthorizationException: Not authorized to access group: tweetstream");
        });
    }

    @Test
    void aSuccessfulCommitEndsTheRun() {
        CommitFailures failures = new CommitFailures(2);

        assertThat(failures.failed(new CoordinatorNotAvailableException("moving"))).isEmpty();
        failures.succeeded();
        assertThat(failures.inARow()).isZero();
        assertThat(failures.failed(new CoordinatorNotAvailableException("moving"))).isEmpty();
        assertThat(failures.failed(new CoordinatorNotAvailableException("still"))).isPresent();
    }

    @Test
    void oneAllowedFailureMeansTheFirstStops() {
        assertThat(new CommitFailures(1).failed(new CoordinatorNotAvailableException("gone"))).isPresent();
        assertThatThrownBy(() -> new CommitFailures(0)).hasMessageContaining("commit.max-failed-batches");
    }
}
