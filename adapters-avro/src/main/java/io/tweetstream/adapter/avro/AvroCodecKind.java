package io.tweetstream.adapter.avro;

import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.application.port.out.TweetCodecFactory;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Which codec the job runs. An enum is its own serializable factory: Java serialization ships only its name to
 * an executor, which builds the codec there.
 */
enum AvroCodecKind implements TweetCodecFactory {

    BINARY(AvroCodecs.BINARY) {
        @Override
        public TweetCodec create() {
            return new BinaryTweetCodec();
        }
    },

    SINGLE_OBJECT(AvroCodecs.SINGLE_OBJECT) {
        @Override
        public TweetCodec create() {
            return new SingleObjectTweetCodec(KnownTweetSchemas.bundled());
        }
    };

    private final String configName;

    AvroCodecKind(String configName) {
        this.configName = configName;
    }

    static AvroCodecKind named(String codec) {
        for (AvroCodecKind kind : values()) {
            if (kind.configName.equals(codec)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown codec " + (codec == null ? "null" : "'" + codec + "'")
                + ": codec must be one of " + acceptedNames());
    }

    private static String acceptedNames() {
        return Arrays.stream(values()).map(kind -> kind.configName).collect(Collectors.joining(", "));
    }
}
