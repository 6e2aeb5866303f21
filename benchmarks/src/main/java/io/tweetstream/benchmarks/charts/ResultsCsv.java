package io.tweetstream.benchmarks.charts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmarks' result files: a header line, then one line per result, fields separated by commas. Fields are names
 * and numbers, so there is no quoting: a field with a comma or a line break is refused when written, not mangled.
 */
public final class ResultsCsv {

    private ResultsCsv() {
    }

    /** Writes {@code rows} (each as many fields as {@code header}) to {@code file}, replacing it. */
    public static void write(Path file, List<String> header, List<List<String>> rows) {
        List<String> lines = new ArrayList<>();
        lines.add(line(header, header.size()));
        rows.forEach(row -> lines.add(line(row, header.size())));
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Every line after the header, as column name to field, in the file's order. */
    public static List<Map<String, String>> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + " is empty: it has no header line");
        }
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] fields = lines.get(i).split(",", -1);
            if (fields.length != header.size()) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " has " + fields.length
                        + " fields, the header " + header.size());
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int f = 0; f < fields.length; f++) {
                row.put(header.get(f), fields[f]);
            }
            rows.add(row);
        }
        return rows;
    }

    private static String line(List<String> fields, int expected) {
        if (fields.size() != expected) {
            throw new IllegalArgumentException("a row of " + fields.size() + " fields, the header has " + expected
                    + ": " + fields);
        }
        for (String field : fields) {
            if (field.contains(",") || field.contains("\n") || field.contains("\r")) {
                throw new IllegalArgumentException("a field may not hold a comma or a line break: '" + field + "'");
            }
        }
        return String.join(",", fields);
    }
}
