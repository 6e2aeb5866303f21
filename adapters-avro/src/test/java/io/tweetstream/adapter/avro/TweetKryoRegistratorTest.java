package io.tweetstream.adapter.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.Kryo;
import io.tweetstream.domain.Tweet;
import java.nio.ByteBuffer;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/** Through Spark's own KryoSerializer, configured as the job configures it, with registration required. */
class TweetKryoRegistratorTest {

    private static final Tweet TWEET = new Tweet("ANY_USER_1", "ANY_TEXT_1 🔥 東京", 1_700_000_000L);

    private final KryoSerializer serializer = new KryoSerializer(new SparkConf(false)
            .set("spark.kryo.registrationRequired", "true")
            .set("spark.kryo.registrator", TweetKryoRegistrator.class.getName()));
    private final SerializerInstance kryo = serializer.newInstance();

    @Test
    void aTweetRoundTrips() {
        assertThat(roundTrip(TWEET, Tweet.class)).isEqualTo(TWEET);
    }

    @Test
    void anArrayOfTweetsRoundTrips() {
        Tweet[] tweets = new TweetSamples(7).next(100).toArray(new Tweet[0]);

        assertThat(roundTrip(tweets, Tweet[].class)).containsExactly(tweets);
    }

    @Test
    void theGeneratedRecordRoundTrips() {
        io.tweetstream.adapter.avro.generated.Tweet record = TweetMapping.toRecord(TWEET);

        assertThat(roundTrip(record, io.tweetstream.adapter.avro.generated.Tweet.class)).isEqualTo(record);
        assertThat(roundTrip(new io.tweetstream.adapter.avro.generated.Tweet[] {record, record},
                io.tweetstream.adapter.avro.generated.Tweet[].class)).containsExactly(record, record);
    }

    @Test
    void tweetsTravelAsAvroBinaryNotAsKryoFields() {
        Kryo configured = serializer.newKryo();

        assertThat(configured.getSerializer(Tweet.class)).isInstanceOf(DomainTweetKryoSerializer.class);
        assertThat(configured.getSerializer(io.tweetstream.adapter.avro.generated.Tweet.class))
                .isInstanceOf(TweetRecordKryoSerializer.class);
        // Kryo's class id, then exactly the bytes the binary codec writes.
        ByteBuffer serialized = kryo.serialize(TWEET, tag(Tweet.class));
        byte[] avro = new BinaryTweetCodec().encode(TWEET);
        byte[] tail = new byte[avro.length];
        serialized.position(serialized.limit() - avro.length).get(tail);
        assertThat(tail).isEqualTo(avro);
    }

    @Test
    void registrationIsReallyRequired() {
        assertThatThrownBy(() -> kryo.serialize(new NotRegistered(), tag(NotRegistered.class)))
                .hasStackTraceContaining("Class is not registered");
    }

    private <T> T roundTrip(T value, Class<T> type) {
        ByteBuffer bytes = kryo.serialize(value, tag(type));
        return kryo.deserialize(bytes, tag(type));
    }

    private static <T> ClassTag<T> tag(Class<T> type) {
        return ClassTag$.MODULE$.apply(type);
    }

    static final class NotRegistered {
    }
}
