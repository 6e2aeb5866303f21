package io.tweetstream.adapter.kafka;

import io.tweetstream.application.message.OutputRecord;
import io.tweetstream.application.message.RawRecord;
import io.tweetstream.application.message.SourcePosition;
import io.tweetstream.application.port.out.TaskResources;
import io.tweetstream.domain.Tweet;
import io.tweetstream.testkit.EmbeddedKafka;
import io.tweetstream.testkit.TestTopics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Prints the Kafka publisher's throughput (records acknowledged per second) for small records on a fresh
 * embedded broker. A benchmark, not a test: it asserts nothing. Run it with the command in the README.
 */
public final class PublisherBenchmark {

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            System.out.printf("embedded broker ready in %d ms%n", kafka.startupTime().toMillis());
            // waits until every partition serves (KAFKA-15591)
            String topic = new TestTopics(kafka).create("bench", 3, Map.of());
            ProducerPool pool = new ProducerPool(
                    ProducerSettings.of(kafka.bootstrapServers(), Map.of(), PoolSettings.DEFAULT),
                    org.apache.kafka.clients.producer.KafkaProducer::new);
            OutputRecord[] payload = payload(batchSize);
            run(pool, topic, payload, records / 5); // warm-up: JIT, metadata, connections
            for (int round = 1; round <= 3; round++) {
                long start = System.nanoTime();
                long acknowledged = run(pool, topic, payload, records);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("round %d: %,d records (%d bytes each) acknowledged in %.2f s = %,.0f records/s%n",
                        round, acknowledged, payload[0].value().length, seconds, acknowledged / seconds);
            }
            pool.close();
        }
    }

    private static long run(ProducerPool pool, String topic, OutputRecord[] payload, int records) {
        long acknowledged = 0;
        try (KafkaTweetSink sink = new KafkaTweetSink(pool, new TaskResources(), topic)) {
            sink.open();
            for (int i = 0; i < records; i++) {
                sink.write(payload[i % payload.length]);
                if ((i + 1) % payload.length == 0) {
                    acknowledged += sink.flush();
                }
            }
            acknowledged += sink.flush();
        }
        return acknowledged;
    }

    private static OutputRecord[] payload(int n) {
        OutputRecord[] out = new OutputRecord[n];
        for (int i = 0; i < n; i++) {
            Tweet tweet = new Tweet("user" + (i % 1000), "tweet number " + i + " about #kafka and #spark", 1_732_500_000L);
            byte[] value = (tweet.username() + "|" + tweet.text()).getBytes(StandardCharsets.UTF_8);
            out[i] = new OutputRecord(tweet, ("user" + (i % 1000)).getBytes(StandardCharsets.UTF_8), value,
                    List.of(), RawRecord.of(new SourcePosition("in", 0, i), null, value));
        }
        return out;
    }

    private PublisherBenchmark() {
    }

}
