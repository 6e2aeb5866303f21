package io.tweetstream.adapter.kafka;

import io.tweetstream.application.fake.FakeTweetCodec;
import io.tweetstream.application.fake.TweetSinkContract;
import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.TaskResources;
import io.tweetstream.application.port.out.TweetSink;
import io.tweetstream.domain.Tweet;
import io.tweetstream.testkit.SharedKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The Kafka publisher keeps the sink contract, on the shared real broker. */
class KafkaTweetSinkContractIT extends TweetSinkContract {

    private static ProducerPool pool;
    private String topic;

    @BeforeAll
    static void pool() {
        pool = new ProducerPool(ProducerSettings.of(SharedKafka.bootstrapServers(), Map.of(), PoolSettings.DEFAULT),
                org.apache.kafka.clients.producer.KafkaProducer::new);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @BeforeEach
    void freshTopic() {
        topic = SharedKafka.newTopic("sink-contract", 3);
    }

    @Override
    protected TweetSink newSink() {
        return new KafkaTweetSink(pool, new TaskResources(), topic);
    }

    @Override
    protected List<Tweet> delivered() {
        FakeTweetCodec codec = new FakeTweetCodec();
        // Everything flushed is already in the topic: read until quiet, then decode.
        return SharedKafka.readAll(topic, Integer.MAX_VALUE, Duration.ofSeconds(2)).stream()
                .map(r -> ((DecodeResult.Success) codec.decode(r.value())).tweet()).toList();
    }
}
