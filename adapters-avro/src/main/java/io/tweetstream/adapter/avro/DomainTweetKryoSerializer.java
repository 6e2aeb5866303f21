package io.tweetstream.adapter.avro;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.tweetstream.domain.Tweet;

/**
 * Kryo serializer of the domain {@link Tweet} as the Avro binary of its record: the same bytes as the binary
 * codec writes. Single-threaded per Kryo instance, like {@link TweetRecordKryoSerializer}, to which it delegates.
 */
final class DomainTweetKryoSerializer extends Serializer<Tweet> {

    private final TweetRecordKryoSerializer records = new TweetRecordKryoSerializer();
    private final io.tweetstream.adapter.avro.generated.Tweet scratch = new io.tweetstream.adapter.avro.generated.Tweet();

    DomainTweetKryoSerializer() {
        super(false, true); // no nulls: Kryo writes those itself; immutable: copy() may return the same tweet
    }

    @Override
    public void write(Kryo kryo, Output output, Tweet tweet) {
        records.write(kryo, output, TweetMapping.toRecord(tweet, scratch));
    }

    @Override
    public Tweet read(Kryo kryo, Input input, Class<Tweet> type) {
        io.tweetstream.adapter.avro.generated.Tweet record = records.readInto(scratch, input);
        try {
            return TweetMapping.toTweet(record);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new KryoException("serialized tweet breaks a domain rule: " + e.getMessage(), e);
        }
    }
}
