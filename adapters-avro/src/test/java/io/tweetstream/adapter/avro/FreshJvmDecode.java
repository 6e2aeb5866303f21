package io.tweetstream.adapter.avro;

import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.TweetCodec;
import java.util.HexFormat;

/**
 * Decodes one payload in a JVM of its own and prints the outcome's error type, so a test can watch the length
 * limits take effect from a clean start (they are JVM-wide state, settled once by whichever code comes first).
 *
 * <p>Arguments: codec name, payload as hex, and optionally {@code avro-first} to let Avro read its (absent) limit
 * properties before the codec exists, as when other code decodes Avro earlier.
 */
public final class FreshJvmDecode {

    private FreshJvmDecode() {
    }

    public static void main(String[] args) {
        if (args.length > 2 && args[2].equals("avro-first")) {
            org.apache.avro.SystemLimitException.checkMaxStringLength(1);
        }
        TweetCodec codec = AvroCodecs.factory(args[0]).create();
        DecodeResult result = codec.decode(HexFormat.of().parseHex(args[1]));
        System.out.println(result instanceof DecodeResult.Failure failure ? failure.errorType() : "success");
    }
}
