package io.tweetstream.bootstrap.job;

import io.tweetstream.bootstrap.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The job as an operator runs it: a child JVM running {@code Main run} with {@code -D} settings, its output in a log
 * file under {@code target/job-logs}. Fault tests stop it as the outside world would: {@link #sigterm()} (an
 * orchestrator), {@link #sigkill()} (a crash, the OOM killer, a lost machine).
 */
public final class JobProcess implements AutoCloseable {

    private final String name;
    private final Path log;
    private final Process process;

    private JobProcess(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    /**
     * Local-mode defaults that keep a child JVM light on a small machine (no UI, loopback driver); {@code settings}
     * come after them and win.
     */
    public static Map<String, String> localDefaults() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spark.master", "local[2]");
        settings.put("spark.conf.spark.ui.enabled", "false");
        settings.put("spark.conf.spark.driver.host", "127.0.0.1");
        return settings;
    }

    /** Starts {@code Main run} with {@link #localDefaults()} and then {@code settings}; {@code name} names its log. */
    public static JobProcess start(String name, Map<String, String> settings) {
        return start(name, settings, List.of());
    }

    /** As {@link #start(String, Map)}, with more JVM options (e.g. another logging configuration). */
    public static JobProcess start(String name, Map<String, String> settings, List<String> jvmOptions) {
        Map<String, String> all = localDefaults();
        all.putAll(settings);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        for (String option : System.getProperty("tweetstream.spark.jvm.options", "").split(" ")) {
            if (!option.isBlank()) {
                command.add(option);
            }
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "run"));
        all.forEach((key, value) -> command.addAll(List.of("-D", key + "=" + value)));
        try {
            Path dir = Path.of("target", "job-logs");
            Files.createDirectories(dir);
            Path log = dir.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
            return new JobProcess(name, log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start job process " + name, e);
        }
    }

    /** What an orchestrator sends to stop the job: it should finish its batch, commit and exit 0. */
    public void sigterm() {
        process.destroy();
    }

    /** {@code kill -9}: no shutdown hook, no last commit, nothing flushed. */
    public void sigkill() {
        process.destroyForcibly();
        await(Duration.ofSeconds(30));
    }

    /** Whether the process ended within {@code timeout}. */
    public boolean await(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int exitValue() {
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** The last {@code lines} lines of the job's log, for assertion messages. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "log of job " + name + " (" + log + "):\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "no log of job " + name + ": " + e.getMessage();
        }
    }

    /** Kills the process if it still runs: a test that failed half-way leaves no job behind. */
    @Override
    public void close() {
        if (process.isAlive()) {
            sigkill();
        }
    }
}
