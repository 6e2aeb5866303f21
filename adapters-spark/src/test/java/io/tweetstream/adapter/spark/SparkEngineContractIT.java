package io.tweetstream.adapter.spark;

import io.tweetstream.adapter.avro.AvroCodecs;
import io.tweetstream.adapter.kafka.StreamingEngineContract;
import io.tweetstream.application.lifecycle.StreamingEngine;
import io.tweetstream.application.port.in.ProcessBatchUseCaseFactory;
import io.tweetstream.application.port.out.PipelineMetrics;
import io.tweetstream.application.port.out.TweetCodecFactory;
import java.time.Duration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Spark engine holds to the engine contract, on local[2] with one Spark context for the class. */
class SparkEngineContractIT extends StreamingEngineContract {

    private static JavaSparkContext spark;

    @BeforeAll
    static void startSpark() {
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("engine-contract")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer"));
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    /** The original example's Avro binary, so the three-tweet spec runs on its real wire format. */
    @Override
    protected TweetCodecFactory codecFactory() {
        return AvroCodecs.factory(AvroCodecs.BINARY);
    }

    @Override
    protected StreamingEngine newEngine(String inputTopic, String groupId, ProcessBatchUseCaseFactory pipeline,
                                        PipelineMetrics metrics) {
        SparkEngineSettings settings = SparkEngineSettings.builder(inputTopic, kafka.bootstrapServers(), groupId)
                .batchInterval(Duration.ofMillis(500))
                .build();
        return new SparkStreamingEngine(settings, pipeline, metrics, spark);
    }
}
