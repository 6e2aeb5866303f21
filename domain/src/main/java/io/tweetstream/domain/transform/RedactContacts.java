package io.tweetstream.domain.transform;

import io.tweetstream.domain.Tweet;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/** Masks e-mail addresses and phone numbers in the text, so personal contacts never reach the output topic. */
public final class RedactContacts implements TweetTransformation {

    static final String EMAIL_MASK = "[email]";
    static final String PHONE_MASK = "[phone]";
    /** Fewer digits than this is a year, a count or a price, not a phone number. */
    private static final int MIN_PHONE_DIGITS = 7;
    private static final int MAX_PHONE_DIGITS = 15; // E.164

    private static final Pattern EMAIL = Pattern.compile(
            "(?<![\\w.%+-])[\\w.%+-]+@[\\w-]+(?:\\.[\\w-]+)*\\.\\p{L}{2,}(?![\\w-])",
            Pattern.UNICODE_CHARACTER_CLASS);
    /** Digits with optional +country prefix and the usual separators: space, dot, dash, parentheses. */
    private static final Pattern PHONE_CANDIDATE = Pattern.compile(
            "(?<![\\w+])\\+?\\(?\\d[\\d\\s().-]{5,}\\d(?!\\w)");

    @Override
    public List<Tweet> apply(Tweet tweet) {
        return List.of(tweet.withText(redact(tweet.text())));
    }

    static String redact(String text) {
        if (text.indexOf('@') >= 0) {
            text = EMAIL.matcher(text).replaceAll(EMAIL_MASK);
        }
        return PHONE_CANDIDATE.matcher(text).replaceAll(RedactContacts::maskIfPhone);
    }

    private static String maskIfPhone(MatchResult match) {
        String candidate = match.group();
        long digits = candidate.chars().filter(Character::isDigit).count();
        boolean phone = digits >= MIN_PHONE_DIGITS && digits <= MAX_PHONE_DIGITS;
        return java.util.regex.Matcher.quoteReplacement(phone ? PHONE_MASK : candidate);
    }

    @Override
    public String toString() {
        return "redact";
    }
}
