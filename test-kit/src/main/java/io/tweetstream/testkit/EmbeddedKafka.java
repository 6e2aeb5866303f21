package io.tweetstream.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka cluster (KRaft, no ZooKeeper, no Docker) of one or more brokers, each a separate JVM process on
 * 127.0.0.1 with free ports and a temporary log directory. Tests, benchmarks and the local demo use it.
 *
 * <p>Separate processes keep the broker's Scala and Netty away from Spark's, and make fault tests real:
 * {@link #kill(int)} is a {@code kill -9}. No shutdown hook: each broker process ends by itself when the JVM that
 * started it is gone ({@link BrokerMain}); its owner (a test class, or the demo's lifecycle) calls {@link #close()}
 * to stop it and delete its data. The broker classes ({@code org.apache.kafka:kafka_2.13}) must be on
 * the class path of the calling JVM (they are a {@code provided} dependency), or listed in the system property
 * {@value #CLASSPATH_PROPERTY}.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** Class path for the broker processes; defaults to the caller's {@code java.class.path}. */
    public static final String CLASSPATH_PROPERTY = "tweetstream.kafka.broker.classpath";
    /**
     * A file holding the broker processes' class path, as Maven's {@code dependency:build-classpath} writes it (the
     * {@code kafka4-broker} module's); wins over {@value #CLASSPATH_PROPERTY}. How a broker of another version than
     * the clients' runs.
     */
    public static final String CLASSPATH_FILE_PROPERTY = "tweetstream.kafka.broker.classpath.file";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path workDir;
    private final List<BrokerProcess> brokers;
    private final Duration startupTime;

    private EmbeddedKafka(Path workDir, List<BrokerProcess> brokers, Duration startupTime) {
        this.workDir = workDir;
        this.brokers = brokers;
        this.startupTime = startupTime;
    }

    /** Starts one combined broker+controller. */
    public static EmbeddedKafka start() {
        return start(1);
    }

    /** Starts {@code size} combined broker+controller nodes forming one cluster, and waits until all serve. */
    public static EmbeddedKafka start(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("cluster size must be >= 1, got " + size);
        }
        long started = System.nanoTime();
        Path workDir = createWorkDir();
        List<BrokerProcess> brokers = new ArrayList<>();
        try {
            int[] ports = freePorts(2 * size);
            String voters = voters(size, ports);
            String clusterId = Uuid.randomUuid().toString();
            String classpath = brokerClasspath();
            for (int node = 1; node <= size; node++) {
                Properties config = brokerConfig(node, size, ports[2 * (node - 1)], ports[2 * (node - 1) + 1],
                        voters, workDir.resolve("node-" + node));
                brokers.add(new BrokerProcess(node, workDir.resolve("node-" + node), config, classpath));
            }
            formatAll(brokers, clusterId);
            for (BrokerProcess broker : brokers) {
                broker.start();
            }
            awaitBrokers(brokers, READY_TIMEOUT, workDir);
            return new EmbeddedKafka(workDir, List.copyOf(brokers), Duration.ofNanos(System.nanoTime() - started));
        } catch (RuntimeException | Error e) {
            brokers.forEach(BrokerProcess::kill);
            deleteRecursively(workDir);
            throw e;
        }
    }

    /** The Kafka version the brokers run, as the first one reported it at start. */
    public String brokerVersion() {
        return brokers.get(0).version();
    }

    /** {@code host:port,...} of every broker, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return brokers.stream().map(BrokerProcess::address).collect(Collectors.joining(","));
    }

    /** The address of one broker (1-based node id). */
    public String bootstrapServers(int node) {
        return broker(node).address();
    }

    /** From the call to {@code start} until every broker answered. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Kills a broker the hard way ({@code kill -9}): no controlled shutdown, no flush. */
    public void kill(int node) {
        broker(node).kill();
    }

    /**
     * Starts a killed or stopped broker again on the same ports and data, and waits until the cluster has it back.
     * First it waits until the others no longer count the old process (the controller fences a killed broker
     * only when its session expires), so "back" means the new process, not the dead one's registration.
     */
    public void restart(int node) {
        BrokerProcess restarted = broker(node);
        List<BrokerProcess> others = brokers.stream().filter(b -> b != restarted).toList();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        for (BrokerProcess other : others) {
            awaitClusterSize(other, brokers.size() - 1, deadline, READY_TIMEOUT, workDir);
        }
        restarted.start();
        awaitBrokers(brokers, READY_TIMEOUT, workDir);
    }

    /** Admin settings for this cluster; callers add their own. */
    public Map<String, Object> clientConfig() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    /** Stops every broker (controlled shutdown, then kill after a grace period) and deletes the data. */
    @Override
    public void close() {
        brokers.parallelStream().forEach(BrokerProcess::stop);
        deleteRecursively(workDir);
    }

    private BrokerProcess broker(int node) {
        if (node < 1 || node > brokers.size()) {
            throw new IllegalArgumentException("no broker " + node + " in a cluster of " + brokers.size());
        }
        return brokers.get(node - 1);
    }

    /**
     * Waits until every broker answers on its own address and sees the whole cluster unfenced: after a kill,
     * the cluster may still list the dead broker for a few seconds, so asking any one broker is not enough.
     */
    private static void awaitBrokers(List<BrokerProcess> brokers, Duration timeout, Path workDir) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (BrokerProcess broker : brokers) {
            awaitClusterSize(broker, brokers.size(), deadline, timeout, workDir);
        }
    }

    /** Waits until {@code broker} answers and counts exactly {@code size} live brokers. */
    private static void awaitClusterSize(BrokerProcess broker, int size, long deadline, Duration timeout,
                                         Path workDir) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.address());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000);
        try (Admin admin = Admin.create(props)) {
            while (true) {
                broker.checkAlive();
                try {
                    int nodes = admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).size();
                    if (nodes == size) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not up yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the embedded Kafka cluster", e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("embedded Kafka broker " + broker.address() + " did not see "
                            + size + " live broker(s) within " + timeout.toSeconds() + " s; broker logs under " + workDir);
                }
                sleep(100);
            }
        }
    }

    private static void formatAll(List<BrokerProcess> brokers, String clusterId) {
        List<Process> formats = new ArrayList<>();
        for (BrokerProcess broker : brokers) {
            formats.add(broker.format(clusterId));
        }
        for (int i = 0; i < formats.size(); i++) {
            brokers.get(i).awaitFormatted(formats.get(i));
        }
    }

    private static Properties brokerConfig(int node, int size, int port, int controllerPort, String voters, Path dir) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(node));
        p.put("controller.quorum.voters", voters);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.put("log.dirs", dir.resolve("data").toString());
        int replication = Math.min(3, size);
        p.put("offsets.topic.replication.factor", Integer.toString(replication));
        p.put("offsets.topic.num.partitions", "5"); // 50 by default: slow first commit on a laptop
        p.put("transaction.state.log.replication.factor", Integer.toString(replication));
        // As Kafka's defaults for a cluster of 3 or more (replication 3, min ISR 2): a transaction's state survives
        // one broker lost, and a commit is refused rather than written to a single copy.
        p.put("transaction.state.log.min.isr", Integer.toString(Math.min(2, size)));
        p.put("transaction.state.log.num.partitions", "5");
        p.put("group.initial.rebalance.delay.ms", "0");
        // Topics exist only when created on purpose, so a missing-topic check means something.
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", Integer.toString(replication));
        p.put("log.retention.check.interval.ms", "10000");
        return p;
    }

    /** The configured class path, plus this test kit's own code: {@link BrokerMain} is the processes' entry point. */
    private static String brokerClasspath() {
        String file = System.getProperty(CLASSPATH_FILE_PROPERTY, "");
        String classpath;
        if (file.isBlank()) {
            classpath = System.getProperty(CLASSPATH_PROPERTY, System.getProperty("java.class.path"));
        } else {
            try {
                classpath = Files.readString(Path.of(file)).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the broker class path from " + file + " ("
                        + CLASSPATH_FILE_PROPERTY + "); the build writes it: build the kafka4-broker module first", e);
            }
        }
        try {
            return classpath + File.pathSeparator
                    + Path.of(BrokerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the test kit's classes", e);
        }
    }

    private static String voters(int size, int[] ports) {
        StringBuilder voters = new StringBuilder();
        for (int node = 1; node <= size; node++) {
            voters.append(node == 1 ? "" : ",").append(node).append("@127.0.0.1:").append(ports[2 * (node - 1) + 1]);
        }
        return voters.toString();
    }

    /** Ports the OS hands out as free, all held open together so none is returned twice. */
    private static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free ports on 127.0.0.1", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket we opened: nothing to recover
                }
            }
        }
    }

    private static Path createWorkDir() {
        try {
            return Files.createTempDirectory("tweetstream-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the embedded Kafka", e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
