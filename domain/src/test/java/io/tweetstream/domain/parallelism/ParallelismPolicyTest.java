package io.tweetstream.domain.parallelism;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParallelismPolicyTest {

    /** The original article's consumer group "terran" reading a 10-partition topic, and more. */
    @ParameterizedTest(name = "{0} partitions, {1} readers asked -> {2} read, split {3}, {4} idle")
    @CsvSource(delimiter = '|', textBlock = """
            # partitions | readers | active | partitions per reader | idle
              10         | 1       | 1      | 10                    | 0
              10         | 5       | 5      | 2 2 2 2 2             | 0
              10         | 10      | 10     | 1 1 1 1 1 1 1 1 1 1   | 0
              10         | 14      | 10     | 1 1 1 1 1 1 1 1 1 1   | 4
              10         | 3       | 3      | 4 3 3                 | 0
              1          | 1       | 1      | 1                     | 0
              3          | 4       | 3      | 1 1 1                 | 1
            """)
    void readParallelismIsCappedByThePartitionCount(
            int partitions, int readers, int active, String perReader, int idle) {
        ParallelismPlan plan = ParallelismPolicy.plan(new ParallelismRequest(
                partitions, 16, OptionalInt.of(readers), ProcessingParallelism.sameAsRead()));

        assertThat(plan.readParallelism()).isEqualTo(active);
        assertThat(plan.partitionsPerReader()).isEqualTo(ints(perReader));
        assertThat(plan.partitionsPerReader().stream().mapToInt(Integer::intValue).sum()).isEqualTo(partitions);
        assertThat(plan.idleReaders()).isEqualTo(idle);
        assertThat(plan.warnings().stream().anyMatch(w -> w.contains("idle"))).isEqualTo(idle > 0);
    }

    @Test
    void idleReadersAreExplained() {
        ParallelismPlan plan = ParallelismPolicy.plan(new ParallelismRequest(
                10, 16, OptionalInt.of(14), ProcessingParallelism.sameAsRead()));

        assertThat(plan.warnings()).containsExactly(
                "14 readers requested for 10 partitions: 4 reader(s) will be idle; "
                        + "add partitions to read with more parallelism");
    }

    @Test
    void byDefaultThereIsOneReaderPerPartition() {
        ParallelismPlan plan = ParallelismPolicy.plan(
                ParallelismRequest.onePerPartition(6, 8, ProcessingParallelism.sameAsRead()));

        assertThat(plan.readParallelism()).isEqualTo(6);
        assertThat(plan.idleReaders()).isZero();
    }

    @ParameterizedTest(name = "{0} partitions, processing {1} -> {2} tasks, repartition {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # partitions | processing    | tasks | repartition
              6          | same-as-read  | 6     | false
              6          | 6             | 6     | false
              6          | 12            | 12    | true
              6          | 2             | 2     | true
              1          | 4             | 4     | true
            """)
    void repartitionsOnlyWhenProcessingDiffersFromReading(
            int partitions, String processing, int tasks, boolean repartition) {
        ParallelismPlan plan = ParallelismPolicy.plan(ParallelismRequest.onePerPartition(
                partitions, 64, ProcessingParallelism.parse(processing)));

        assertThat(plan.processingParallelism()).isEqualTo(tasks);
        assertThat(plan.repartition()).isEqualTo(repartition);
    }

    @Test
    void warnsWhenProcessingNeedsMoreCoresThanAvailable() {
        ParallelismPlan plan = ParallelismPolicy.plan(
                ParallelismRequest.onePerPartition(2, 2, ProcessingParallelism.fixed(8)));

        assertThat(plan.warnings()).containsExactly(
                "processing parallelism 8 exceeds the 2 available cores: tasks will wait for a free core");
    }

    @Test
    void sameAsReadAboveTheCoresAlsoWarns() {
        ParallelismPlan plan = ParallelismPolicy.plan(
                ParallelismRequest.onePerPartition(10, 2, ProcessingParallelism.sameAsRead()));

        assertThat(plan.warnings()).singleElement().asString().contains("processing parallelism 10 exceeds the 2");
    }

    @Test
    void zeroOrNegativeValuesAreErrorsThatNameTheValue() {
        ProcessingParallelism same = ProcessingParallelism.sameAsRead();
        assertThatThrownBy(() -> ParallelismRequest.onePerPartition(0, 2, same))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partition count must be a positive integer, got 0");
        assertThatThrownBy(() -> ParallelismRequest.onePerPartition(3, -1, same))
                .hasMessage("available cores must be a positive integer, got -1");
        assertThatThrownBy(() -> new ParallelismRequest(3, 2, OptionalInt.of(0), same))
                .hasMessage("reader count must be a positive integer, got 0");
        assertThatThrownBy(() -> ProcessingParallelism.fixed(-3))
                .hasMessage("must be a positive integer or 'same-as-read', got '-3'");
    }

    @Test
    void processingParallelismParsesItsWrittenForms() {
        assertThat(ProcessingParallelism.parse("same-as-read")).isEqualTo(ProcessingParallelism.sameAsRead());
        assertThat(ProcessingParallelism.parse(" 4 ")).isEqualTo(ProcessingParallelism.fixed(4));
        assertThatThrownBy(() -> ProcessingParallelism.parse("-3"))
                .hasMessage("must be a positive integer or 'same-as-read', got '-3'");
        assertThatThrownBy(() -> ProcessingParallelism.parse("many"))
                .hasMessage("must be a positive integer or 'same-as-read', got 'many'");
    }

    private static List<Integer> ints(String spaced) {
        return Arrays.stream(spaced.trim().split("\\s+")).map(Integer::valueOf).toList();
    }
}
