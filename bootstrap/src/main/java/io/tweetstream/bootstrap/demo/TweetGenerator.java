package io.tweetstream.bootstrap.demo;

import io.tweetstream.domain.Tweet;
import java.util.List;
import java.util.Random;

/**
 * Realistic, reproducible tweets: a few hundred users, 20 to 280 characters of words, hashtags, mentions,
 * links and emoji (surrogate pairs included).
 */
public final class TweetGenerator {

    private static final List<String> FIRST = List.of("ada", "alan", "grace", "linus", "ken", "barbara", "edsger",
            "margaret", "dennis", "frances", "john", "radia", "tim", "sophie", "guido", "james", "anita", "bjarne");
    private static final List<String> WORDS = List.of("streaming", "is", "fun", "until", "offsets", "reset", "on",
            "restart", "kafka", "partitions", "scale", "reads", "spark", "batches", "every", "second", "we", "ship",
            "avro", "schemas", "evolve", "without", "downtime", "the", "cluster", "never", "sleeps", "latency",
            "throughput", "backpressure", "saved", "our", "weekend", "deploy", "friday", "coffee", "data", "lake");
    private static final List<String> HASHTAGS = List.of("#kafka", "#spark", "#streaming", "#bigdata", "#avro",
            "#java", "#devops", "#dataengineering", "#opensource", "#jvm");
    private static final List<String> EMOJI = List.of("\uD83D\uDE80", "\uD83D\uDD25", "\u2728", "\uD83D\uDC4D\uD83C\uDFFD",
            "\uD83D\uDE05", "\u2615", "\uD83D\uDCCA", "\uD83C\uDF89", "\uD83E\uDD14", "\u2764\uFE0F");
    private static final String LINK_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final long EPOCH_START = 1_732_500_000L;

    private final Random random;

    public TweetGenerator(long seed) {
        this.random = new Random(seed);
    }

    public Tweet next(long sequence) {
        int target = 20 + random.nextInt(261);
        StringBuilder text = new StringBuilder(target + 40);
        while (text.length() < target) {
            if (text.length() > 0) {
                text.append(' ');
            }
            int kind = random.nextInt(20);
            if (kind < 13) {
                text.append(pick(WORDS));
            } else if (kind < 16) {
                text.append(pick(HASHTAGS));
            } else if (kind < 18) {
                text.append('@').append(user());
            } else if (kind < 19) {
                text.append(pick(EMOJI));
            } else {
                text.append("https://t.co/");
                for (int c = 0; c < 10; c++) {
                    text.append(LINK_CHARS.charAt(random.nextInt(LINK_CHARS.length())));
                }
            }
        }
        String body = text.length() > 280 ? text.substring(0, 280) : text.toString();
        if (Character.isHighSurrogate(body.charAt(body.length() - 1))) {
            body = body.substring(0, body.length() - 1); // never cut an emoji in half
        }
        return new Tweet(user(), body.strip(), EPOCH_START + sequence);
    }

    /**
     * A record cut short, as a broken producer or a torn write leaves it: never decodable, because its length
     * prefixes promise bytes that are not there.
     */
    public static byte[] truncated(byte[] encoded) {
        return java.util.Arrays.copyOf(encoded, encoded.length / 2);
    }

    private String user() {
        return pick(FIRST) + "_" + random.nextInt(20);
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
