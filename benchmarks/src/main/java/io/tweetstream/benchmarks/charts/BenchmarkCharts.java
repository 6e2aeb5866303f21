package io.tweetstream.benchmarks.charts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Charts of the benchmarks' CSV results, so that they can be drawn again without running the benchmarks:
 * {@value #LATENCY_CSV} gives {@value #LATENCY_PNG}, {@value #THROUGHPUT_CSV} gives {@value #THROUGHPUT_PNG}, in the
 * same directory. The columns are {@link #LATENCY_COLUMNS} and {@link #THROUGHPUT_COLUMNS}; the benchmarks write them.
 *
 * <p>{@code java -Djava.awt.headless=true -cp ... io.tweetstream.benchmarks.charts.BenchmarkCharts [directory]}
 * (default {@code benchmarks/results}).
 */
public final class BenchmarkCharts {

    public static final String LATENCY_CSV = "latency.csv";
    public static final String LATENCY_PNG = "latency.png";
    public static final String THROUGHPUT_CSV = "throughput.csv";
    public static final String THROUGHPUT_PNG = "throughput.png";

    /**
     * One line per run: engine ({@code in-process} or {@code spark}), Spark batch interval (0 for in-process),
     * delivery mode, input rate asked and achieved (tweets/s), records measured, latency percentiles and maximum (ms),
     * at the end of the sending: tweets sent but not yet visible at the output and the job group's lag, whether the
     * rate was sustained, and the load average then.
     */
    public static final List<String> LATENCY_COLUMNS = List.of("engine", "batch_ms", "delivery", "rate_target",
            "rate_achieved", "records", "p50_ms", "p90_ms", "p99_ms", "max_ms", "behind_at_end", "group_lag_at_end",
            "sustained", "load_avg");

    /** One line per contestant of a throughput run, in the order run. */
    public static final List<String> THROUGHPUT_COLUMNS = List.of("slug", "contestant", "delivery", "records",
            "records_per_s", "x_streams_eos", "x_copy", "first_output_s", "peak_heap_mib", "steady_records_per_s",
            "steady_x_streams_eos");

    /** The issue's target rate: the bar charts show the latency there (or at the highest rate run, if not run). */
    private static final double FOCUS_RATE = 20_000;
    private static final int WIDTH = 640;
    private static final int HEIGHT = 420;

    private BenchmarkCharts() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path dir = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        List<Path> written = renderAll(dir);
        if (written.isEmpty()) {
            System.out.println("no " + LATENCY_CSV + " or " + THROUGHPUT_CSV + " in " + dir + ": nothing drawn");
        }
        written.forEach(p -> System.out.println("wrote " + p));
    }

    /** Draws a chart for each result file present in {@code dir}; returns the charts written. */
    public static List<Path> renderAll(Path dir) throws IOException {
        List<Path> written = new ArrayList<>();
        if (Files.exists(dir.resolve(LATENCY_CSV))) {
            written.add(renderLatency(dir.resolve(LATENCY_CSV), dir.resolve(LATENCY_PNG)));
        }
        if (Files.exists(dir.resolve(THROUGHPUT_CSV))) {
            written.add(renderThroughput(dir.resolve(THROUGHPUT_CSV), dir.resolve(THROUGHPUT_PNG)));
        }
        return written;
    }

    /**
     * Four panels: p99 against the input rate, one line per engine (and Spark batch interval), for each delivery mode;
     * below them p50, p90, p99 and the p99 target at {@value #FOCUS_RATE} tweets/s. Logarithmic latency axes: the
     * in-process engine's milliseconds and Spark's seconds on one chart.
     */
    public static Path renderLatency(Path csv, Path png) throws IOException {
        // A run in which none of the measured tweets arrived has no latency to draw (the CSV and the table say so).
        List<Map<String, String>> rows = ResultsCsv.read(csv).stream()
                .filter(r -> Long.parseLong(r.get("records")) > 0).toList();
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(csv + " has no results with arrivals");
        }
        Set<String> modes = new LinkedHashSet<>();
        rows.forEach(r -> modes.add(r.get("delivery")));
        List<Chart<?, ?>> top = new ArrayList<>();
        List<Chart<?, ?>> bottom = new ArrayList<>();
        for (String mode : modes) {
            List<Map<String, String>> ofMode = rows.stream().filter(r -> r.get("delivery").equals(mode)).toList();
            top.add(p99AgainstRate(mode, ofMode));
            bottom.add(percentilesAtFocusRate(mode, ofMode));
        }
        List<Chart<?, ?>> charts = new ArrayList<>(top);
        charts.addAll(bottom);
        BitmapEncoder.saveBitmap(charts, 2, modes.size(), png.toString(), BitmapFormat.PNG);
        return withPngSuffix(png);
    }

    /**
     * Records/s per contestant, in the order run: from start to all visible, and steady (10% to 90% of the output
     * visible) where the CSV has it.
     */
    public static Path renderThroughput(Path csv, Path png) throws IOException {
        List<Map<String, String>> rows = ResultsCsv.read(csv);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(csv + " has no results");
        }
        String records = rows.get(0).get("records");
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH + 360).height(HEIGHT)
                .title(String.format("Engine throughput, %,d tweets, 6 partitions (higher is better)",
                        Long.parseLong(records)))
                .xAxisTitle("").yAxisTitle("records/s, as seen by a read_committed consumer").build();
        chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(LegendLayout.Horizontal);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setYAxisDecimalPattern("#,###");
        chart.getStyler().setYAxisMin(0.0);
        List<String> labels = new ArrayList<>();
        List<Double> perSecond = new ArrayList<>();
        List<Double> steady = new ArrayList<>();
        for (Map<String, String> r : rows) {
            labels.add(r.get("slug")); // the names are long for an axis: benchmarks/README.md lists the slugs
            perSecond.add(Double.parseDouble(r.get("records_per_s")));
            steady.add(Double.parseDouble(r.getOrDefault("steady_records_per_s", "NaN")));
        }
        chart.addSeries("records/s, start to all visible", labels, perSecond);
        if (steady.stream().noneMatch(v -> v.isNaN())) {
            chart.addSeries("steady records/s (10% to 90% of the output visible)", labels, steady);
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapFormat.PNG);
        return withPngSuffix(png);
    }

    private static XYChart p99AgainstRate(String mode, List<Map<String, String>> rows) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("p99 latency against input rate, " + mode)
                .xAxisTitle("input rate asked (tweets/s)").yAxisTitle("p99 latency (ms, log)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        chart.getStyler().setYAxisDecimalPattern("#,###");
        chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(LegendLayout.Horizontal);
        Map<String, TreeMap<Double, Double>> byEngine = new LinkedHashMap<>();
        rows.stream().sorted(Comparator.comparing(BenchmarkCharts::configOrder)).forEach(r -> byEngine
                .computeIfAbsent(config(r), k -> new TreeMap<>())
                .put(Double.parseDouble(r.get("rate_target")), atLeastOne(r.get("p99_ms"))));
        byEngine.forEach((name, points) -> chart.addSeries(name, new ArrayList<>(points.keySet()),
                new ArrayList<>(points.values())).setMarker(SeriesMarkers.CIRCLE));
        return chart;
    }

    private static CategoryChart percentilesAtFocusRate(String mode, List<Map<String, String>> rows) {
        double rate = rows.stream().anyMatch(r -> Double.parseDouble(r.get("rate_target")) == FOCUS_RATE)
                ? FOCUS_RATE : rows.stream().mapToDouble(r -> Double.parseDouble(r.get("rate_target"))).max()
                .orElseThrow();
        List<Map<String, String>> at = rows.stream().filter(r -> Double.parseDouble(r.get("rate_target")) == rate)
                .sorted(Comparator.comparing(BenchmarkCharts::configOrder)).toList();
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(String.format("Latency at %,.0f tweets/s, %s", rate, mode))
                .xAxisTitle("").yAxisTitle("latency (ms, log)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(1.0); // bars start at 0 otherwise, which a logarithmic axis refuses
        chart.getStyler().setYAxisDecimalPattern("#,###");
        chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(LegendLayout.Horizontal);
        List<String> names = at.stream().map(BenchmarkCharts::config).toList();
        for (String column : List.of("p50_ms", "p90_ms", "p99_ms")) {
            chart.addSeries(column.replace("_ms", ""), names,
                    at.stream().map(r -> atLeastOne(r.get(column))).toList());
        }
        chart.addSeries("p99 target", names, at.stream().map(BenchmarkCharts::targetP99).toList());
        return chart;
    }

    /** The issue's targets: in-process p99 at most 100 ms, Spark p99 at most 1.2 x the batch interval. */
    public static double targetP99(Map<String, String> row) {
        return row.get("engine").equals("spark") ? 1.2 * Double.parseDouble(row.get("batch_ms")) : 100;
    }

    private static String config(Map<String, String> row) {
        return row.get("engine").equals("spark") ? "Spark " + row.get("batch_ms") + " ms" : row.get("engine");
    }

    private static double configOrder(Map<String, String> row) {
        return row.get("engine").equals("spark") ? Double.parseDouble(row.get("batch_ms")) : -1;
    }

    /** A logarithmic axis cannot show 0 ms (all of it under the timestamps' millisecond). */
    private static double atLeastOne(String ms) {
        return Math.max(1, Double.parseDouble(ms));
    }

    /** XChart adds the suffix when the name lacks it. */
    private static Path withPngSuffix(Path png) {
        return png.toString().endsWith(".png") ? png : Path.of(png + ".png");
    }
}
