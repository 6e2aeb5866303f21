package io.tweetstream.domain.position;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tweetstream.domain.position.StartPositionPolicy.Reason;
import io.tweetstream.domain.position.StartPositionPolicy.Reset;
import io.tweetstream.domain.position.StartPositionPolicy.StartPosition;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StartPositionPolicyTest {

    /** A log holding [earliest, end), a committed position or none, a reset policy: where reading starts. */
    @ParameterizedTest(name = "committed {0}, log [{1}, {2}), reset {3} -> {4} ({5}, {6} skipped)")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            # committed | earliest | end  | reset    | start | reason                         | skipped
              none      | 0        | 100  | EARLIEST | 0     | NOTHING_COMMITTED              | 0
              none      | 0        | 100  | LATEST   | 100   | NOTHING_COMMITTED              | 0
              none      | 40       | 100  | EARLIEST | 40    | NOTHING_COMMITTED              | 0
              none      | 0        | 0    | LATEST   | 0     | NOTHING_COMMITTED              | 0
              50        | 0        | 100  | EARLIEST | 50    | COMMITTED                      | 0
              50        | 0        | 100  | LATEST   | 50    | COMMITTED                      | 0
              100       | 0        | 100  | EARLIEST | 100   | COMMITTED                      | 0
              40        | 40       | 100  | LATEST   | 40    | COMMITTED                      | 0
              10        | 40       | 100  | LATEST   | 40    | COMMITTED_DELETED_BY_RETENTION | 30
              10        | 40       | 100  | EARLIEST | 40    | COMMITTED_DELETED_BY_RETENTION | 30
              500       | 0        | 100  | LATEST   | 0     | COMMITTED_BEYOND_END           | 0
              500       | 20       | 100  | EARLIEST | 20    | COMMITTED_BEYOND_END           | 0
            """)
    void aCommittedPositionWinsWhileTheLogHoldsIt(Long committed, long earliest, long end, Reset reset,
                                                  long start, Reason reason, long skipped) {
        StartPosition decided = StartPositionPolicy.decide(
                committed == null ? OptionalLong.empty() : OptionalLong.of(committed), earliest, end, reset);

        assertThat(decided).isEqualTo(new StartPosition(start, reason, skipped));
        assertThat(decided.surprising()).isEqualTo(reason == Reason.COMMITTED_DELETED_BY_RETENTION
                || reason == Reason.COMMITTED_BEYOND_END);
    }

    @Test
    void resetIsParsedAsKafkaWritesIt() {
        assertThat(Reset.parse("earliest")).isEqualTo(Reset.EARLIEST);
        assertThat(Reset.parse("latest")).isEqualTo(Reset.LATEST);
        assertThatThrownBy(() -> Reset.parse("none")).hasMessage("must be 'earliest' or 'latest', got 'none'");
    }

    @Test
    void anImpossibleLogIsRefused() {
        assertThatThrownBy(() -> StartPositionPolicy.decide(OptionalLong.empty(), 10, 5, Reset.EARLIEST))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[10, 5]");
    }
}
