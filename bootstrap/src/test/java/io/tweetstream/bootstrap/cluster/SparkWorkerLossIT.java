package io.tweetstream.bootstrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tweetstream.adapter.avro.AvroCodecs;
import io.tweetstream.application.fake.NumberedTweets;
import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.domain.Tweet;
import io.tweetstream.testkit.EmbeddedKafka;
import io.tweetstream.testkit.TestTopics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A lost machine under a running job: a standalone cluster with two workers (one core each), tweets arriving
 * steadily, and while the driver counts a task running on one worker's executor, that worker and its executor are
 * killed with SIGKILL. Spark re-runs the lost tasks on the other worker's executor; the job keeps running (no
 * restart), and an independent {@code read_committed} reader finds every tweet in the output, by content.
 */
class SparkWorkerLossIT {

    private static final int USERS = 37;
    private static final int CHUNK = 1_000;
    private static final Duration CHUNK_EVERY = Duration.ofMillis(250); // about 4,000 tweets/s at most
    private static final Duration INPUT_AFTER_KILL = Duration.ofSeconds(15);

    private final TweetCodec codec = AvroCodecs.factory(AvroCodecs.BINARY).create();
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private LocalSparkCluster cluster;
    private EmbeddedKafka kafka;
    private SteadyInput input;

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (input != null) {
            input.stop();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aWorkerKilledMidBatchHasItsTasksRerunOnTheOtherWorkerAndNothingIsLost() throws Exception {
        kafka = EmbeddedKafka.start();
        TestTopics topics = new TestTopics(kafka);
        String in = topics.create("workers-in", 4, Map.of());
        String out = topics.create("workers-out", 4, Map.of());
        topics.createNamed(in + ".dlq", 1, Map.of());

        cluster = LocalSparkCluster.start("worker-loss-it");
        Process doomedWorker = cluster.addWorker("worker-1", 1, "1g");
        cluster.addWorker("worker-2", 1, "1g");
        int uiPort = LocalSparkCluster.freePort();
        Process job = cluster.submit("job",
                List.of("spark.executor.memory=512m", "spark.ui.port=" + uiPort, "spark.ui.showConsoleProgress=false"),
                List.of("run",
                        "-D", "kafka.bootstrap.servers=" + kafka.bootstrapServers(),
                        "-D", "input.topic=" + in, "-D", "output.topic=" + out,
                        "-D", "kafka.group.id=worker-loss",
                        "-D", "spark.batch-interval=2s"));
        Path jobLog = cluster.log("job");
        String api = "http://127.0.0.1:" + uiPort + "/api/v1/applications";
        // Input from the moment the stream runs: a backlog would make the first batch one long catch-up.
        LocalSparkCluster.awaitLog(jobLog, "Spark engine started", Duration.ofSeconds(120));
        input = new SteadyInput(topics, in);
        input.start();

        // Steady state: both workers' executors have run tasks, and the stream keeps up (no batch waits in a queue),
        // so that what follows the kill measures the kill, not a start-up catch-up.
        await("both executors have completed tasks, and no batch is queued").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(IOException.class) // the driver's UI is not up yet
                .failFast("the job process ended; its log: " + jobLog, () -> !job.isAlive())
                .until(() -> executors(api).stream().filter(e -> e.path("completedTasks").asInt() > 0).count() == 2
                        && streaming(api).path("numTotalCompletedBatches").asInt() >= 3
                        && streaming(api).path("numActiveBatches").asInt() <= 1);
        ProcessHandle doomedExecutor = doomedWorker.toHandle().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                .findFirst().orElseThrow(() -> new AssertionError("no executor process under worker-1"));
        String doomedId = argumentAfter(doomedExecutor, "--executor-id");

        // Mid-batch: the driver counts a task running there (it writes "0 active" at once when the last one ends).
        await("a task running on executor " + doomedId).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                .until(() -> activeTasks(api, doomedId) > 0);
        doomedExecutor.destroyForcibly();
        doomedWorker.destroyForcibly();
        long killedAt = System.nanoTime();
        long killedAtMillis = System.currentTimeMillis();
        int firstAfterKill = input.next() + CHUNK; // the chunk being written may have started before the kill
        assertThat(doomedWorker.waitFor(30, TimeUnit.SECONDS)).as("worker-1 is gone").isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> !doomedExecutor.isAlive());

        // An independent reader, read_committed: every tweet by content, and when the stream flowed again.
        Set<String> texts = new HashSet<>();
        AtomicInteger read = new AtomicInteger();
        // the job's producer stamps each output record when it sends it (CreateTime): the earliest stamp of a tweet
        // written after the kill is when the stream flowed again, however late this reader gets there
        AtomicLong flowingAgainAt = new AtomicLong(Long.MAX_VALUE);
        try (KafkaConsumer<byte[], byte[]> consumer = fromTheBeginning(out)) {
            await("every tweet in the output").atMost(Duration.ofSeconds(180))
                    .pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)) // poll() waits
                    .failFast("the job process ended; its log: " + jobLog, () -> !job.isAlive())
                    .until(() -> {
                        if (System.nanoTime() - killedAt > INPUT_AFTER_KILL.toNanos()) {
                            input.stop();
                        }
                        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                            Tweet tweet = ((DecodeResult.Success) codec.decode(r.value())).tweet();
                            int n = Integer.parseInt(tweet.text().substring("tweet ".length()));
                            assertThat(tweet).as("tweet %d unchanged", n).isEqualTo(numbered(n));
                            texts.add(tweet.text());
                            read.incrementAndGet();
                            if (n >= firstAfterKill) {
                                flowingAgainAt.accumulateAndGet(r.timestamp(), Math::min);
                            }
                        }
                        return input.stopped() && texts.size() >= input.next();
                    });
            consumer.poll(Duration.ofSeconds(2)).forEach(r -> read.incrementAndGet()); // duplicates past the count
        }
        int sent = input.next();
        assertThat(job.isAlive()).as("the job kept running through the loss of a worker").isTrue();
        assertThat(texts).as("every tweet written arrived").hasSize(sent)
                .allMatch(t -> Integer.parseInt(t.substring("tweet ".length())) < sent);
        // Each task the killed executor never finished must have finished again elsewhere (rerunElsewhere fails
        // otherwise). None may have been cut: on a quiet machine a task seen running can end before the kill lands.
        List<String> rerun = rerunElsewhere(Files.readString(jobLog), doomedId);

        BatchesAfter batches = batchesAfter(api, killedAtMillis);

        job.destroy(); // SIGTERM: the running batch is finished and committed
        assertThat(job.waitFor(60, TimeUnit.SECONDS)).as("the job ends after SIGTERM").isTrue();
        long committed = topics.committed("worker-loss").entrySet().stream()
                .filter(e -> e.getKey().topic().equals(in)).mapToLong(e -> e.getValue().offset()).sum();
        System.out.printf("worker killed mid-batch (executor %s, tasks re-run elsewhere: %s): in %d, out %d, distinct %d, duplicates %d, lost %d,"
                        + " the batch running at the kill completed %d ms after it, batches after it waited %d ms"
                        + " at most, a tweet written after the kill delivered %d ms after it (batch interval 2 s),"
                        + " offsets committed %d, job exit %d%n",
                doomedId, rerun, sent, read.get(), texts.size(), read.get() - texts.size(), sent - texts.size(),
                batches.inFlightDoneAfterMillis(), batches.maxSchedulingDelayMillis(),
                flowingAgainAt.get() - killedAtMillis, committed, job.exitValue());
        assertThat(committed).as("every input offset committed after SIGTERM").isEqualTo(sent);
    }

    /**
     * The tasks the driver started on {@code executorId} that never finished there, each with the line saying it
     * finished in a later attempt on another executor (TaskSetManager's INFO lines); fails if one never did.
     */
    private static List<String> rerunElsewhere(String driverLog, String executorId) {
        Pattern started = Pattern.compile("Starting task (\\d+)\\.\\d+ in stage (\\S+) \\(TID (\\d+)\\) \\([^,]+,\\s*executor (\\w+),");
        Pattern finished = Pattern.compile("Finished task (\\d+)\\.\\d+ in stage (\\S+) \\(TID (\\d+)\\) in \\d+ ms on \\S+ \\(executor (\\w+)\\)");
        Map<String, String> startedThere = new LinkedHashMap<>(); // TID -> "task <index> in stage <stage>"
        Matcher s = started.matcher(driverLog);
        while (s.find()) {
            if (s.group(4).equals(executorId)) {
                startedThere.put(s.group(3), "task " + s.group(1) + " in stage " + s.group(2));
            }
        }
        Map<String, String> finishedOn = new HashMap<>(); // "task <index> in stage <stage>" -> its line
        Matcher f = finished.matcher(driverLog);
        while (f.find()) {
            startedThere.remove(f.group(3));
            if (!f.group(4).equals(executorId)) {
                finishedOn.put("task " + f.group(1) + " in stage " + f.group(2), f.group());
            }
        }
        List<String> rerun = new ArrayList<>();
        for (String lost : startedThere.values()) {
            assertThat(finishedOn).as(lost + ", lost with executor " + executorId + ", finished elsewhere").containsKey(lost);
            rerun.add(finishedOn.get(lost));
        }
        return rerun;
    }

    private List<JsonNode> executors(String api) throws IOException, InterruptedException {
        String app = get(api).get(0).path("id").asText();
        List<JsonNode> executors = new ArrayList<>();
        get(api + "/" + app + "/executors").forEach(e -> {
            if (!e.path("id").asText().equals("driver")) {
                executors.add(e);
            }
        });
        return executors;
    }

    private record BatchesAfter(long inFlightDoneAfterMillis, long maxSchedulingDelayMillis) {
    }

    /**
     * From the streaming tab's completed batches: how long after {@code killedAtMillis} the batch that was running
     * then completed, and the longest any later batch waited for its turn (a queue behind the failed tasks).
     */
    private BatchesAfter batchesAfter(String api, long killedAtMillis) throws IOException, InterruptedException {
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'GMT'").withZone(ZoneOffset.UTC);
        long inFlightDone = Long.MAX_VALUE;
        long maxWait = 0;
        for (JsonNode batch : get(api + "/" + get(api).get(0).path("id").asText() + "/streaming/batches?status=completed")) {
            long start = Instant.from(format.parse(batch.path("batchTime").asText())).toEpochMilli();
            long end = start + batch.path("totalDelay").asLong();
            if (end >= killedAtMillis) {
                inFlightDone = Math.min(inFlightDone, end - killedAtMillis);
                maxWait = Math.max(maxWait, batch.path("schedulingDelay").asLong());
            }
        }
        return new BatchesAfter(inFlightDone, maxWait);
    }

    /** The streaming tab's statistics: batches completed, batches queued or running, delays. */
    private JsonNode streaming(String api) throws IOException, InterruptedException {
        return get(api + "/" + get(api).get(0).path("id").asText() + "/streaming/statistics");
    }

    private int activeTasks(String api, String executorId) throws IOException, InterruptedException {
        return executors(api).stream().filter(e -> e.path("id").asText().equals(executorId))
                .mapToInt(e -> e.path("activeTasks").asInt()).sum();
    }

    private JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        return json.readTree(response.body());
    }

    private static String argumentAfter(ProcessHandle process, String option) {
        String[] args = process.info().arguments().orElseThrow(() -> new AssertionError("no arguments of " + process));
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(option)) {
                return args[i + 1];
            }
        }
        throw new AssertionError(option + " not among the arguments of executor process " + process.pid());
    }

    private KafkaConsumer<byte[], byte[]> fromTheBeginning(String topic) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static Tweet numbered(int n) {
        return new Tweet("user-" + (n % USERS), "tweet " + n, n);
    }

    /** Tweets 0, 1, 2, ... written in chunks at a steady pace until stopped; {@link #next()} is the next to write. */
    private final class SteadyInput {

        private final TestTopics topics;
        private final String topic;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread;
        private volatile boolean running = true;

        SteadyInput(TestTopics topics, String topic) {
            this.topics = topics;
            this.topic = topic;
            this.thread = new Thread(this::run, "steady-input");
        }

        void start() {
            thread.start();
        }

        private void run() {
            try {
                while (running) {
                    int from = next.get();
                    topics.write(topic, NumberedTweets.keyed(codec, from, CHUNK, USERS, 0)); // waits for every ack
                    next.set(from + CHUNK);
                    Thread.sleep(CHUNK_EVERY.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                failure.set(e);
            }
        }

        /** Tweets below this number are written and acknowledged. */
        int next() {
            return next.get();
        }

        boolean stopped() throws InterruptedException {
            return !thread.isAlive() && rethrow();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(60_000);
            rethrow();
        }

        private boolean rethrow() {
            if (failure.get() != null) {
                throw new AssertionError("writing the input failed", failure.get());
            }
            return true;
        }
    }
}
