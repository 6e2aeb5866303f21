package io.tweetstream.benchmarks;

import io.tweetstream.domain.Tweet;
import java.util.SplittableRandom;

/** Seeded, realistic tweets: 20-280 characters of words, mentions, hashtags, accents, CJK and emoji. */
final class BenchmarkTweets {

    private static final String[] WORDS = {
        "the", "stream", "is", "late", "again", "coffee", "release", "today", "shipping", "kafka", "spark",
        "avro", "naïve", "café", "über", "déjà", "vu", "東京", "こんにちは", "привет", "مرحبا", "😀", "🚀", "🔥",
        "👍🏽", "🇫🇷", "#dataeng", "#jvm", "@ANY_USER_1", "@ANY_USER_2", "https://example.org/x", "…", "—", "!", "?"
    };
    private static final String USERNAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_";

    private BenchmarkTweets() {
    }

    static Tweet[] generate(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Tweet[] tweets = new Tweet[count];
        for (int i = 0; i < count; i++) {
            tweets[i] = new Tweet(username(random), text(random), random.nextLong(1_136_073_600L, 1_900_000_000L));
        }
        return tweets;
    }

    private static String username(SplittableRandom random) {
        int length = random.nextInt(3, 16);
        StringBuilder name = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            name.append(USERNAME_CHARS.charAt(random.nextInt(USERNAME_CHARS.length())));
        }
        return name.toString();
    }

    /** Between 20 and 280 code points. */
    private static String text(SplittableRandom random) {
        int target = random.nextInt(20, 281);
        StringBuilder text = new StringBuilder();
        while (text.codePointCount(0, text.length()) < target) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(WORDS[random.nextInt(WORDS.length)]);
        }
        text.setLength(text.offsetByCodePoints(0, target));
        return text.toString();
    }
}
