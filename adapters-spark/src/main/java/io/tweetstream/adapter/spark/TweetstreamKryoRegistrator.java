package io.tweetstream.adapter.spark;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;
import org.apache.spark.streaming.kafka010.OffsetRange;

/**
 * Registers with Spark's Kryo what this engine ships as data: the offset ranges each task reads, and, when processing
 * parallelism differs from read parallelism, the record in its shuffle form and its key. Nothing else of ours crosses
 * a shuffle (tweets are decoded in the task that delivers them). Spark instantiates it by class name on the driver and on every executor
 * ({@code spark.kryo.registrator}, preset by the engine), hence public with a no-argument constructor. Works with
 * {@code spark.kryo.registrationRequired=true}.
 */
public final class TweetstreamKryoRegistrator implements KryoRegistrator {

    @Override
    public void registerClasses(Kryo kryo) {
        kryo.register(OffsetRange.class);
        kryo.register(OffsetRange[].class);
        kryo.register(ShippedRecord.class);
        kryo.register(KeyHashPartitioner.ShuffleKey.class);
        kryo.register(byte[].class);
        kryo.register(byte[][].class);
        kryo.register(String[].class);
    }
}
