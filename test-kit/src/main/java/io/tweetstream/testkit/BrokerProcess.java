package io.tweetstream.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** One Kafka node of an {@link EmbeddedKafka} cluster: its config, its data, and its OS process. */
final class BrokerProcess {

    private static final long FORMAT_TIMEOUT_SECONDS = 60;
    private static final long STOP_GRACE_SECONDS = 15;

    private final int nodeId;
    private final Path dir;
    private final Path configFile;
    private final Path logFile;
    private final String address;
    private final String classpath;
    private Process process;

    BrokerProcess(int nodeId, Path dir, Properties config, String classpath) {
        this.nodeId = nodeId;
        this.dir = dir;
        this.classpath = classpath;
        this.configFile = dir.resolve("server.properties");
        this.logFile = dir.resolve("broker.log");
        this.address = config.getProperty("advertised.listeners").substring("PLAINTEXT://".length());
        try {
            Files.createDirectories(dir);
            try (OutputStream out = Files.newOutputStream(configFile)) {
                config.store(out, "embedded Kafka node " + nodeId);
            }
            Files.writeString(dir.resolve("log4j2.properties"), String.join("\n",
                    "rootLogger.level = WARN",
                    "rootLogger.appenderRef.out.ref = out",
                    "appender.out.type = Console",
                    "appender.out.name = out",
                    "appender.out.layout.type = PatternLayout",
                    "appender.out.layout.pattern = %d{HH:mm:ss.SSS} %-5p [%c{1}] %m%n",
                    // "Kafka version: ..." at start: which broker really ran (the class moved in Kafka 4)
                    "logger.version3.name = org.apache.kafka.common.utils.AppInfoParser",
                    "logger.version3.level = INFO",
                    "logger.version4.name = org.apache.kafka.common.utils.internals.AppInfoParser",
                    "logger.version4.level = INFO"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare embedded Kafka node " + nodeId + " in " + dir, e);
        }
    }

    String address() {
        return address;
    }

    /** The version this node's broker reported in its log at start ({@code AppInfoParser}'s line). */
    String version() {
        try {
            return Files.readAllLines(logFile, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.contains("Kafka version: "))
                    .map(line -> line.substring(line.indexOf("Kafka version: ") + "Kafka version: ".length()).strip())
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no version reported yet; " + logTail()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + logFile, e);
        }
    }

    /** Runs Kafka's own storage formatter for this node (KRaft needs a formatted log directory). */
    Process format(String clusterId) {
        return launch("kafka.tools.StorageTool", "format", "-t", clusterId, "-c", configFile.toString(), "-g");
    }

    void awaitFormatted(Process format) {
        try {
            if (!format.waitFor(FORMAT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                format.destroyForcibly();
                throw new IllegalStateException("formatting embedded Kafka node " + nodeId + " timed out; " + logTail());
            }
            if (format.exitValue() != 0) {
                throw new IllegalStateException("formatting embedded Kafka node " + nodeId + " failed with exit code "
                        + format.exitValue() + "; " + logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting embedded Kafka node " + nodeId, e);
        }
    }

    synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("embedded Kafka node " + nodeId + " is already running");
        }
        process = launch("kafka.Kafka", configFile.toString());
    }

    synchronized void checkAlive() {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("embedded Kafka node " + nodeId + " is not running"
                    + (process == null ? "" : " (exit code " + process.exitValue() + ")") + "; " + logTail());
        }
    }

    /** Controlled shutdown (SIGTERM), then SIGKILL if it takes too long. */
    synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** SIGKILL: what a crash looks like to the cluster. */
    synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Process launch(String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms256m");
        command.add("-Xmx1g");
        command.add("-XX:+UseG1GC");
        command.add("-Djava.awt.headless=true");
        command.add("-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"));
        command.add("-cp");
        command.add(classpath);
        command.add(BrokerMain.class.getName());
        command.add(mainClass);
        command.addAll(List.of(args));
        // Standard input stays a pipe from this JVM: BrokerMain ends the process when it closes.
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().remove("KAFKA_OPTS");
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass + " for embedded Kafka node " + nodeId, e);
        }
    }

    private String logTail() {
        try {
            if (!Files.exists(logFile)) {
                return "no log written to " + logFile;
            }
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return "last lines of " + logFile + ":\n  "
                    + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "cannot read " + logFile + ": " + e.getMessage();
        }
    }
}
