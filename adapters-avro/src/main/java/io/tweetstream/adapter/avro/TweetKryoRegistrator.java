package io.tweetstream.adapter.avro;

import com.esotericsoftware.kryo.Kryo;
import io.tweetstream.domain.Tweet;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Registers tweets with Spark's Kryo, serialized as Avro binary. Spark instantiates it by class name on the
 * driver and on every executor ({@code spark.kryo.registrator}), hence public with a no-argument constructor.
 * Works with {@code spark.kryo.registrationRequired=true}.
 */
public final class TweetKryoRegistrator implements KryoRegistrator {

    @Override
    public void registerClasses(Kryo kryo) {
        // Executors may decode Avro through Kryo before any codec exists there.
        AvroDecodeLimits.ensureApplied();
        kryo.register(Tweet.class, new DomainTweetKryoSerializer());
        kryo.register(Tweet[].class);
        kryo.register(io.tweetstream.adapter.avro.generated.Tweet.class, new TweetRecordKryoSerializer());
        kryo.register(io.tweetstream.adapter.avro.generated.Tweet[].class);
    }
}
