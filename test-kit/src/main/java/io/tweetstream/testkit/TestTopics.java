package io.tweetstream.testkit;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Topic helpers over a real broker for integration tests of any module: create, write, read back, offsets. */
public final class TestTopics {

    private final EmbeddedKafka kafka;

    public TestTopics(EmbeddedKafka kafka) {
        this.kafka = kafka;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** A topic with a unique name, so tests never see each other's records. */
    public String create(String prefix, int partitions, Map<String, String> config) {
        return createNamed(prefix + "-" + UUID.randomUUID().toString().substring(0, 8), partitions, config);
    }

    /** A topic with a unique name and {@code replication} replicas (a cluster of that many brokers at least). */
    public String create(String prefix, int partitions, int replication, Map<String, String> config) {
        return createNamed(prefix + "-" + UUID.randomUUID().toString().substring(0, 8), partitions, replication,
                config);
    }

    public String createNamed(String name, int partitions, Map<String, String> config) {
        return createNamed(name, partitions, 1, config);
    }

    public String createNamed(String name, int partitions, int replication, Map<String, String> config) {
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) replication).configs(config)))
                    .all().get();
            awaitKnown(admin, name);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name, e);
        }
        return name;
    }

    /**
     * Waits until the new topic is usable, and returns its description then. Waiting for "every partition has a
     * leader" is not enough: two produce requests in flight to a partition whose creation the broker has not fully
     * applied can be handled out of order, and the idempotent producer's earlier one then retries
     * OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout (KAFKA-15591, fixed only in Kafka 4.5). Once
     * {@code listOffsets} answers for every partition, every leader serves the partition. The same wait as
     * adapters-kafka's {@code KafkaTopicVerifier} after it creates a topic; the test kit cannot call that one
     * (adapters-kafka depends on the test kit).
     */
    static TopicDescription awaitKnown(Admin admin, String name) {
        TopicDescription description = await("every partition of topic " + name + " has a leader")
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsInstanceOf(ExecutionException.class) // not known yet (UnknownTopicOrPartition)
                .until(() -> admin.describeTopics(Set.of(name)).allTopicNames().get().get(name),
                        topic -> topic.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        Map<TopicPartition, OffsetSpec> every = new HashMap<>();
        description.partitions().forEach(p -> every.put(new TopicPartition(name, p.partition()), OffsetSpec.latest()));
        await("listOffsets answers for every partition of topic " + name)
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsInstanceOf(ExecutionException.class) // NOT_LEADER / UNKNOWN_TOPIC_OR_PARTITION yet
                .until(() -> admin.listOffsets(every).all().get().size() == every.size());
        return description;
    }

    /**
     * Writes key/value pairs (key may be null) and waits for every acknowledgement; throws if Kafka refused any
     * (fault tests count a tweet as input only once Kafka has it).
     */
    public void write(String topic, List<byte[][]> keyValues) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 << 20),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(keyValues.size());
            for (byte[][] kv : keyValues) {
                acks.add(producer.send(new ProducerRecord<>(topic, kv[0], kv[1])));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused a record written to " + topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + topic, e);
        }
    }

    /**
     * Writes key/value pairs in one transaction, as an exactly-once upstream job (Kafka Streams, Flink) does, and
     * commits or aborts it: commit markers leave gaps in the offsets, and an aborted transaction's records stay in
     * the log for {@code read_uncommitted} readers to see.
     */
    public void writeInTransaction(String topic, List<byte[][]> keyValues, boolean commit) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-upstream-" + java.util.UUID.randomUUID()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (byte[][] kv : keyValues) {
                producer.send(new ProducerRecord<>(topic, kv[0], kv[1]));
            }
            if (commit) {
                producer.commitTransaction();
            } else {
                producer.flush();
                producer.abortTransaction();
            }
        }
    }

    /** Writes values to one partition, in order. */
    public void writeTo(String topic, int partition, List<byte[]> values) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, partition, null, value));
            }
            producer.flush();
        }
    }

    /** Commits offsets for a group from outside it, as an earlier run of the job would have. */
    public void commit(String groupId, Map<TopicPartition, Long> offsets) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, groupId),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<TopicPartition, OffsetAndMetadata> marks = new java.util.HashMap<>();
            offsets.forEach((tp, offset) -> marks.put(tp, new OffsetAndMetadata(offset)));
            consumer.commitSync(marks);
        }
    }

    /** What retention does: records before the offset are gone. */
    public void deleteBefore(TopicPartition partition, long offset) {
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            admin.deleteRecords(Map.of(partition, org.apache.kafka.clients.admin.RecordsToDelete.beforeOffset(offset)))
                    .all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot delete records of " + partition, e);
        }
    }

    /**
     * Everything committed in the topic ({@code read_committed}), waiting until at least {@code expected} records
     * arrived or the timeout passed. Not a wait that fails: reaching the timeout is an answer too (e.g. asking for
     * one record more than should ever arrive, to check that none does), so the caller asserts on what it gets.
     */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = fromTheBeginning(topic)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // a short extra read catches duplicates beyond the expected count
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }

    /**
     * Reads the topic until it holds {@code expected} distinct records by {@code identity} (the duplicates an
     * at-least-once restart may write do not count); returns every record read, duplicates included. Fails after the
     * timeout, saying how many distinct records it had read.
     */
    public List<ConsumerRecord<byte[], byte[]>> readUntilDistinct(String topic, int expected,
                                                                  Function<ConsumerRecord<byte[], byte[]>, ?> identity,
                                                                  Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        Set<Object> distinct = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = fromTheBeginning(topic)) {
            await(expected + " distinct records in topic " + topic)
                    .atMost(timeout).pollInSameThread() // the consumer belongs to this thread
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)) // the poll itself waits
                    .until(() -> {
                        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                            records.add(record);
                            distinct.add(identity.apply(record));
                        }
                        return new ReadSoFar(distinct.size(), records.size());
                    }, read -> read.distinct() >= expected);
            // a short extra read catches duplicates beyond the expected count
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }

    /** What a read has seen so far, as a timeout reports it. */
    private record ReadSoFar(int distinct, int read) {
        @Override
        public String toString() {
            return distinct + " distinct records (" + read + " read)";
        }
    }

    private KafkaConsumer<byte[], byte[]> fromTheBeginning(String topic) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                // an independent reader that sees only what a downstream exactly-once consumer would see
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return consumer;
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /** The group's committed offset per partition of the topic (absent: nothing committed). */
    public Map<TopicPartition, OffsetAndMetadata> committed(String groupId) {
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            return admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of group " + groupId, e);
        }
    }
}
