package io.tweetstream.adapter.kafka;

import io.tweetstream.application.port.out.TopicVerifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up checks of the input, dead-letter and Kafka sink topics with Kafka's admin client, bounded in time: an
 * unreachable cluster fails with a message naming its setting ({@code kafka.bootstrap.servers} or
 * {@code output.bootstrap.servers}), a missing topic names the topic.
 */
final class KafkaTopicVerifier implements TopicVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopicVerifier.class);

    private final KafkaSettings settings;
    private final Set<SinkTopic> sinkTopics;

    /** @param sinkTopics the topics of the chosen Kafka sinks ({@code output.topic}), each with its cluster */
    KafkaTopicVerifier(KafkaSettings settings, Set<SinkTopic> sinkTopics) {
        this.settings = settings;
        this.sinkTopics = Set.copyOf(sinkTopics);
    }

    /**
     * The input and dead-letter topics are checked on {@code kafka.bootstrap.servers}; a sink topic on its own
     * cluster when it has one ({@code output.bootstrap.servers}), each cluster within the same time bound.
     */
    @Override
    public Map<String, Integer> verifyTopics() {
        for (SinkTopic sinkTopic : sinkTopics) {
            // also across clusters: the answer is one map by topic name, and a mirror of a topic is not this job
            if (sinkTopic.topic().equals(settings.inputTopic())
                    || sinkTopic.topic().equals(settings.deadLetterTopic())) {
                throw new IllegalStateException("output.topic must differ from input.topic and dead-letter.topic, "
                        + "got '" + sinkTopic.topic() + "' for more than one of them");
            }
        }
        Cluster input = new Cluster("kafka.bootstrap.servers", settings.bootstrapServers());
        Map<Cluster, Set<String>> topicsByCluster = new LinkedHashMap<>();
        topicsByCluster.computeIfAbsent(input, c -> new LinkedHashSet<>()).add(settings.inputTopic());
        for (SinkTopic sinkTopic : sinkTopics.stream().sorted(Comparator.comparing(SinkTopic::topic)).toList()) {
            Cluster cluster = sinkTopic.bootstrapServers() == null
                    || sinkTopic.bootstrapServers().equals(settings.bootstrapServers())
                    ? input : new Cluster("output.bootstrap.servers", sinkTopic.bootstrapServers());
            topicsByCluster.computeIfAbsent(cluster, c -> new LinkedHashSet<>()).add(sinkTopic.topic());
        }
        topicsByCluster.get(input).add(settings.deadLetterTopic());
        long timeoutMs = settings.checkTimeout().toMillis();
        Map<String, Integer> partitions = new LinkedHashMap<>();
        topicsByCluster.forEach((cluster, topics) -> partitions.putAll(verify(cluster, topics, timeoutMs)));
        return partitions;
    }

    /** The partition count of each topic on one cluster, creating the missing ones if allowed. */
    private Map<String, Integer> verify(Cluster cluster, Set<String> topics, long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        try (Admin admin = Admin.create(adminConfig(cluster, timeoutMs))) {
            awaitCluster(admin, cluster, timeoutMs);
            Map<String, Integer> partitions = new LinkedHashMap<>();
            List<String> missing = new ArrayList<>();
            for (String topic : topics) {
                Integer count = partitionCount(admin, cluster, topic, remaining(deadline));
                if (count == null) {
                    missing.add(topic);
                } else {
                    partitions.put(topic, count);
                }
            }
            if (!missing.isEmpty()) {
                create(admin, cluster, missing, remaining(deadline));
                for (String topic : missing) {
                    partitions.put(topic, settings.topicCreation().partitions());
                }
            }
            return partitions;
        }
    }

    /** A cluster to check, and the setting that names it (for the messages). */
    private record Cluster(String setting, String bootstrapServers) {
        @Override
        public String toString() {
            return setting + "=" + bootstrapServers;
        }
    }

    private void awaitCluster(Admin admin, Cluster cluster, long timeoutMs) {
        try {
            admin.describeCluster().nodes().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException("cannot reach Kafka at " + cluster
                    + " within " + timeoutMs + " ms: " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking Kafka topics", e);
        }
    }

    /** The partition count, or null if the topic does not exist. */
    private Integer partitionCount(Admin admin, Cluster cluster, String topic, long timeoutMs) {
        try {
            TopicDescription description = admin.describeTopics(Set.of(topic)).allTopicNames()
                    .get(timeoutMs, TimeUnit.MILLISECONDS).get(topic);
            return description.partitions().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw new IllegalStateException("cannot describe topic '" + topic + "' at " + cluster + ": " + rootMessage(e), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("describing topic '" + topic + "' at " + cluster + " took longer than " + settings.checkTimeout().toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking Kafka topics", e);
        }
    }

    private void create(Admin admin, Cluster cluster, List<String> missing, long timeoutMs) {
        KafkaSettings.TopicCreation creation = settings.topicCreation();
        if (!creation.enabled()) {
            throw new IllegalStateException("topic(s) " + String.join(", ", missing) + " do not exist at " + cluster + " and topic creation is disabled (topics.create=false): "
                    + "create them, or enable topics.create");
        }
        List<NewTopic> newTopics = missing.stream()
                .map(name -> new NewTopic(name, creation.partitions(), creation.replicationFactor())).toList();
        try {
            admin.createTopics(newTopics).all().get(timeoutMs, TimeUnit.MILLISECONDS);
            for (String topic : missing) {
                awaitUsable(admin, topic, timeoutMs);
            }
            LOG.info("created topic(s) {} at {} with {} partition(s), replication factor {}",
                    missing, cluster, creation.partitions(), creation.replicationFactor());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) { // created meanwhile by someone else: fine
                throw new IllegalStateException("cannot create topic(s) " + missing + ": " + rootMessage(e), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating topic(s) " + missing + " took longer than "
                    + settings.checkTimeout().toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating Kafka topics", e);
        }
    }

    /**
     * A created topic is usable once {@code listOffsets} answers for every partition. "Every partition has a leader"
     * is not enough: two produce requests in flight to a partition whose creation the broker has not fully applied
     * can be handled out of order, and the idempotent producer's earlier one then retries
     * OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout (KAFKA-15591, fixed only in Kafka 4.5).
     */
    private void awaitUsable(Admin admin, String topic, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            try {
                TopicDescription description = admin.describeTopics(Set.of(topic)).allTopicNames()
                        .get(remaining(deadline), TimeUnit.MILLISECONDS).get(topic);
                Map<TopicPartition, OffsetSpec> every = new HashMap<>();
                description.partitions().forEach(p ->
                        every.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                if (admin.listOffsets(every).all().get(remaining(deadline), TimeUnit.MILLISECONDS).size()
                        == every.size()) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                // not known everywhere yet (UNKNOWN_TOPIC_OR_PARTITION, NOT_LEADER_OR_FOLLOWER, no leader)
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("created topic '" + topic + "' does not serve every partition after "
                + timeoutMs + " ms");
    }

    private Properties adminConfig(Cluster cluster, long timeoutMs) {
        Properties props = new Properties();
        props.putAll(settings.clientConfig());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        int bound = (int) Math.min(Integer.MAX_VALUE, timeoutMs);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, bound);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(bound, 10_000));
        return props;
    }

    private static long remaining(long deadline) {
        return Math.max(1, deadline - System.currentTimeMillis());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
