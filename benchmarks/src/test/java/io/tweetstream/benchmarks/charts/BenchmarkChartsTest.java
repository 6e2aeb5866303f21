package io.tweetstream.benchmarks.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The charts are drawn from the CSV files alone, headless, as PNG images a reader can open. */
class BenchmarkChartsTest {

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void drawsLatencyPanelsForEachDeliveryModeFromTheCsv(@TempDir Path dir) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        for (String mode : List.of("at-least-once", "exactly-once")) {
            for (int rate : List.of(5_000, 20_000, 50_000)) {
                rows.add(List.of("in-process", "0", mode, "" + rate, "" + rate, "600000", "7", "20", "90", "300",
                        "10", "0", "true", "4.5"));
                rows.add(List.of("spark", "500", mode, "" + rate, "" + (rate - 10), "600000", "400", "550", "700",
                        "900", "9000", "3000", "false", "6.0"));
            }
        }
        // a run where nothing arrived: left out of the chart, not drawn as 0 ms
        rows.add(List.of("spark", "200", "exactly-once", "50000", "50000", "0", "0", "0", "0", "0", "600000",
                "600000", "false", "30.5"));
        ResultsCsv.write(dir.resolve(BenchmarkCharts.LATENCY_CSV), BenchmarkCharts.LATENCY_COLUMNS, rows);

        List<Path> written = BenchmarkCharts.renderAll(dir);

        assertThat(written).containsExactly(dir.resolve(BenchmarkCharts.LATENCY_PNG));
        BufferedImage image = ImageIO.read(written.get(0).toFile());
        // two columns (one per delivery mode) of two panels each
        assertThat(image.getWidth()).isEqualTo(2 * 640);
        assertThat(image.getHeight()).isEqualTo(2 * 420);
        assertThat(distinctColours(image)).isGreaterThan(8); // drawn, not a blank canvas
    }

    @Test
    void drawsThroughputBarsFromTheCsv(@TempDir Path dir) throws Exception {
        ResultsCsv.write(dir.resolve(BenchmarkCharts.THROUGHPUT_CSV), BenchmarkCharts.THROUGHPUT_COLUMNS, List.of(
                List.of("copy", "plain kafka-clients copy", "at-least-once", "1000000", "130222", "1.71", "1.00",
                        "0.90", "608", "150000", "1.50"),
                List.of("in-process", "in-process engine", "at-least-once", "1000000", "135433", "1.78", "1.04",
                        "0.90", "456", "160000", "1.60")));

        List<Path> written = BenchmarkCharts.renderAll(dir);

        assertThat(written).containsExactly(dir.resolve(BenchmarkCharts.THROUGHPUT_PNG));
        BufferedImage image = ImageIO.read(written.get(0).toFile());
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(distinctColours(image)).isGreaterThan(8);
    }

    @Test
    void csvReadsBackWhatItWroteAndRefusesAFieldWithAComma(@TempDir Path dir) {
        Path file = dir.resolve("r.csv");
        ResultsCsv.write(file, List.of("a", "b"), List.of(List.of("1", "x y"), List.of("2", "")));

        assertThat(ResultsCsv.read(file)).hasSize(2);
        assertThat(ResultsCsv.read(file).get(0)).containsEntry("a", "1").containsEntry("b", "x y");
        assertThat(ResultsCsv.read(file).get(1)).containsEntry("b", "");
        assertThatThrownBy(() -> ResultsCsv.write(file, List.of("a"), List.of(List.of("Spark, local[2]"))))
                .hasMessageContaining("comma");
    }

    private static long distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int x = 0; x < image.getWidth(); x += 3) {
            for (int y = 0; y < image.getHeight(); y += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
