package io.tweetstream.adapter.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.tweetstream.application.port.out.DecodeResult;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.domain.Tweet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of both codecs: random bytes and mutations of valid payloads (bit flips, overwritten, inserted
 * and deleted bytes, cuts, appended garbage, huge length prefixes spliced in). Nothing may escape as an
 * exception, every valid payload must decode to its tweet, and whatever decodes must survive a round trip.
 * Reproducible: a failure names the seed and the payload's index.
 */
class DecodeFuzzTest {

    private static final long SEED = 20_240_601L;
    private static final int PAYLOADS_PER_CODEC = 100_000;

    @Test
    void binaryCodecSurvivesFuzzing() {
        fuzz(new BinaryTweetCodec(), SEED, false);
    }

    @Test
    void singleObjectCodecSurvivesFuzzing() {
        fuzz(new SingleObjectTweetCodec(KnownTweetSchemas.bundled()), SEED + 1, true);
    }

    private static void fuzz(TweetCodec codec, long seed, boolean keepHeaderMostly) {
        SplittableRandom random = new SplittableRandom(seed);
        TweetSamples samples = new TweetSamples(seed);
        List<Tweet> tweets = samples.next(500);
        List<byte[]> valid = tweets.stream().map(codec::encode).toList();
        Outcomes outcomes = new Outcomes(seed);

        for (int i = 0; i < PAYLOADS_PER_CODEC; i++) {
            int pick = random.nextInt(valid.size());
            int kind = random.nextInt(10);
            if (kind == 0) {
                outcomes.expectTweet(codec, i, valid.get(pick), tweets.get(pick));
            } else if (kind == 1) {
                outcomes.anyOutcome(codec, i, randomBytes(random, random.nextInt(0, 80)));
            } else {
                byte[] mutated = mutate(random, valid.get(pick), keepHeaderMostly);
                outcomes.anyOutcome(codec, i, mutated);
            }
        }

        assertThat(outcomes.problems).as("problems (seed %d)", seed).isEmpty();
        assertThat(outcomes.failures).as("bad payloads rejected").isGreaterThan(PAYLOADS_PER_CODEC / 2);
        assertThat(outcomes.validDecoded).as("valid payloads decoded").isGreaterThan(PAYLOADS_PER_CODEC / 20);
    }

    private static byte[] mutate(SplittableRandom random, byte[] valid, boolean keepHeaderMostly) {
        // Single-object payloads mostly keep marker and fingerprint, so the mutations reach the body.
        int from = keepHeaderMostly && random.nextInt(10) > 0 ? Math.min(10, valid.length) : 0;
        byte[] bytes = valid.clone();
        int at = from + random.nextInt(Math.max(1, bytes.length - from));
        switch (random.nextInt(8)) {
            case 0:
                bytes[at] ^= (byte) (1 << random.nextInt(8));
                return bytes;
            case 1:
                for (int n = random.nextInt(1, 6); n > 0; n--) {
                    bytes[from + random.nextInt(bytes.length - from)] = (byte) random.nextInt(256);
                }
                return bytes;
            case 2:
                return Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case 3:
                return concat(bytes, randomBytes(random, random.nextInt(1, 8)));
            case 4:
                return concat(Arrays.copyOf(bytes, at), concat(randomBytes(random, 1), Arrays.copyOfRange(bytes, at, bytes.length)));
            case 5:
                return concat(Arrays.copyOf(bytes, at), Arrays.copyOfRange(bytes, Math.min(at + 1, bytes.length), bytes.length));
            case 6:
                byte[] hugeLength = Payloads.start().varint(random.nextLong(1L << 20, 1L << 42)).bytes();
                return concat(Arrays.copyOf(bytes, at), concat(hugeLength, Arrays.copyOfRange(bytes, at, bytes.length)));
            default:
                byte[] negativeLength = Payloads.start().varint(-random.nextLong(1, 1L << 40)).bytes();
                return concat(Arrays.copyOf(bytes, at), concat(negativeLength, Arrays.copyOfRange(bytes, at, bytes.length)));
        }
    }

    private static byte[] randomBytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** Tallies results and keeps the first few problems with what reproduces them. */
    private static final class Outcomes {
        final long seed;
        final List<String> problems = new ArrayList<>();
        int failures;
        int validDecoded;

        Outcomes(long seed) {
            this.seed = seed;
        }

        void expectTweet(TweetCodec codec, int index, byte[] payload, Tweet expected) {
            DecodeResult result = decodeSafely(codec, index, payload);
            if (DecodeResult.success(expected).equals(result)) {
                validDecoded++;
            } else if (result != null) {
                problem(index, payload, "valid payload did not decode to its tweet: " + result);
            }
        }

        void anyOutcome(TweetCodec codec, int index, byte[] payload) {
            DecodeResult result = decodeSafely(codec, index, payload);
            if (result instanceof DecodeResult.Failure failure) {
                failures++;
                if (failure.reason().isBlank() || failure.errorType().isBlank()) {
                    problem(index, payload, "failure without reason: " + failure);
                }
            } else if (result instanceof DecodeResult.Success success) {
                // A mutation can still be a valid tweet (e.g. a changed letter): then it must round-trip.
                Tweet tweet = success.tweet();
                DecodeResult again = decodeSafely(codec, index, codec.encode(tweet));
                if (!success.equals(again)) {
                    problem(index, payload, "decoded tweet does not round-trip: " + tweet + " -> " + again);
                }
            }
        }

        private DecodeResult decodeSafely(TweetCodec codec, int index, byte[] payload) {
            try {
                DecodeResult result = codec.decode(payload);
                if (result == null) {
                    problem(index, payload, "null result");
                }
                return result;
            } catch (RuntimeException | Error e) {
                problem(index, payload, "escaped " + e);
                return null;
            }
        }

        private void problem(int index, byte[] payload, String what) {
            if (problems.size() < 10) {
                problems.add("seed " + seed + ", payload #" + index + " " + Arrays.toString(payload) + ": " + what);
            }
        }
    }
}
