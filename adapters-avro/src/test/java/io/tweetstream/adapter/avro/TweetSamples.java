package io.tweetstream.adapter.avro;

import io.tweetstream.domain.Tweet;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded, realistic tweets: 20-280 characters of words, mentions, hashtags, accents, CJK and emoji. */
final class TweetSamples {

    private static final String[] WORDS = {
        "the", "stream", "is", "late", "again", "coffee", "release", "today", "shipping", "kafka", "spark",
        "avro", "naïve", "café", "über", "déjà", "vu", "東京", "こんにちは", "привет", "مرحبا", "😀", "🚀", "🔥",
        "👍🏽", "🇫🇷", "#dataeng", "#jvm", "@ANY_USER_1", "@ANY_USER_2", "https://example.org/x", "…", "—", "!", "?"
    };
    private static final String USERNAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_";

    private final SplittableRandom random;

    TweetSamples(long seed) {
        this.random = new SplittableRandom(seed);
    }

    List<Tweet> next(int count) {
        List<Tweet> tweets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tweets.add(next());
        }
        return tweets;
    }

    Tweet next() {
        return new Tweet(username(), text(), random.nextLong(1_136_073_600L, 1_900_000_000L));
    }

    private String username() {
        int length = random.nextInt(3, 16);
        StringBuilder name = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            name.append(USERNAME_CHARS.charAt(random.nextInt(USERNAME_CHARS.length())));
        }
        return name.toString();
    }

    /** Between 20 and 280 code points, as a tweet counts them (roughly). */
    private String text() {
        int target = random.nextInt(20, 281);
        StringBuilder text = new StringBuilder();
        while (text.codePointCount(0, text.length()) < target) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(WORDS[random.nextInt(WORDS.length)]);
        }
        while (text.codePointCount(0, text.length()) > target) {
            text.setLength(text.offsetByCodePoints(0, target));
        }
        return text.toString();
    }
}
