package io.tweetstream.bootstrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on 127.0.0.1, started from Spark's own jars ({@code target/spark-home/jars}, copied by
 * the build before the integration tests): one Master, workers added one by one, and {@code SparkSubmit} in client
 * mode. Every JVM's output goes to a log file under {@code logs}; {@link #close()} stops every process started here,
 * the last started first.
 */
final class LocalSparkCluster implements AutoCloseable {

    private static final Path TARGET = Path.of("target");
    private static final Path SPARK_HOME = TARGET.resolve("spark-home").toAbsolutePath();
    private static final Duration DAEMON_START = Duration.ofSeconds(60);
    /** Master and Worker only keep the cluster's books: a small heap is plenty and leaves the machine to the rest. */
    private static final String DAEMON_HEAP = "-Xmx256m";

    private final Path logs;
    private final Path logConfig;
    private final List<Process> processes = new ArrayList<>();
    private String masterUrl;

    private LocalSparkCluster(Path logs, Path logConfig) {
        this.logs = logs;
        this.logConfig = logConfig;
    }

    /** Starts the Master and waits until it leads; logs go to {@code target/<name>}. */
    static LocalSparkCluster start(String name) throws IOException {
        Path logs = Files.createDirectories(TARGET.resolve(name)).toAbsolutePath();
        Path logConfig = logs.resolve("log4j2.properties");
        Files.writeString(logConfig, String.join("\n",
                "rootLogger.level = WARN",
                "rootLogger.appenderRef.out.ref = out",
                "appender.out.type = Console",
                "appender.out.name = out",
                "appender.out.layout.type = PatternLayout",
                "appender.out.layout.pattern = %d{HH:mm:ss.SSS} %-5p %c{1} - %m%n",
                "logger.deploy.name = org.apache.spark.deploy", // readiness lines: leader elected, worker registered
                "logger.deploy.level = INFO",
                "logger.tasks.name = org.apache.spark.scheduler.TaskSetManager", // which task ran where, and retries
                "logger.tasks.level = INFO",
                "logger.tweetstream.name = io.tweetstream",
                "logger.tweetstream.level = INFO"));
        LocalSparkCluster cluster = new LocalSparkCluster(logs, logConfig);
        try {
            int port = freePort();
            cluster.launch("master", DAEMON_HEAP, "org.apache.spark.deploy.master.Master",
                    "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", Integer.toString(freePort()));
            awaitLog(cluster.log("master"), "I have been elected leader", DAEMON_START);
            cluster.masterUrl = "spark://127.0.0.1:" + port;
            return cluster;
        } catch (IOException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** Starts a Worker with its own work directory ({@link #workDir(String)}) and waits until the Master has it. */
    Process addWorker(String name, int cores, String memory) throws IOException {
        Process worker = launch(name, DAEMON_HEAP, "org.apache.spark.deploy.worker.Worker", masterUrl,
                "--cores", Integer.toString(cores), "--memory", memory, "--webui-port", Integer.toString(freePort()),
                "--work-dir", Files.createDirectories(workDir(name)).toString());
        awaitLog(log(name), "Successfully registered with master", DAEMON_START);
        return worker;
    }

    /** Where a worker keeps its executors' directories and logs ({@code <app-id>/<executor-id>/stderr}). */
    Path workDir(String worker) {
        return logs.resolve(worker + "-work");
    }

    /** {@code spark-submit --deploy-mode client} of the shaded jar's {@code Main}: the driver runs in this process. */
    Process submit(String name, List<String> sparkConf, List<String> mainArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of("--master", masterUrl, "--deploy-mode", "client",
                "--conf", "spark.driver.host=127.0.0.1"));
        for (String conf : sparkConf) {
            args.addAll(List.of("--conf", conf));
        }
        args.addAll(List.of("--class", "io.tweetstream.bootstrap.Main", shadedJar().toString()));
        args.addAll(mainArgs);
        return launch(name, "-Xmx1g", "org.apache.spark.deploy.SparkSubmit", args.toArray(String[]::new));
    }

    Path log(String name) {
        return logs.resolve(name + ".log");
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void awaitLog(Path log, String line, Duration timeout) {
        await("'" + line + "' in " + log).atMost(timeout).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(log).exists().content().contains(line));
    }

    private Process launch(String name, String heap, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(heap);
        command.addAll(List.of(System.getProperty("tweetstream.spark.jvm.options", "").split(" ")));
        command.add("-Dlog4j2.configurationFile=" + logConfig);
        command.add("-cp");
        command.add(SPARK_HOME.resolve("jars") + File.separator + "*");
        command.add(mainClass);
        command.addAll(List.of(args));
        command.removeIf(String::isBlank);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log(name).toFile()));
        builder.environment().put("SPARK_HOME", SPARK_HOME.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private static Path shadedJar() throws IOException {
        try (var files = Files.list(TARGET)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-spark.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no shaded jar in target/: run mvn verify")).toAbsolutePath();
        }
    }
}
