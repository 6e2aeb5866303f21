package io.tweetstream.domain.transform;

import io.tweetstream.domain.Tweet;
import java.text.Normalizer;
import java.util.List;
import java.util.regex.Pattern;

/** Trims the text, collapses every run of white space (Unicode included) to one space, and applies NFC. */
public final class NormalizeText implements TweetTransformation {

    private static final Pattern WHITESPACE_RUN =
            Pattern.compile("[\\s\\p{Z}\\u200B\\uFEFF]+", Pattern.UNICODE_CHARACTER_CLASS);

    @Override
    public List<Tweet> apply(Tweet tweet) {
        return List.of(tweet.withText(normalize(tweet.text())));
    }

    static String normalize(String text) {
        // NFC first: composing may change what counts as white space around combining marks.
        String composed = Normalizer.normalize(text, Normalizer.Form.NFC);
        return WHITESPACE_RUN.matcher(composed).replaceAll(" ").strip();
    }

    @Override
    public String toString() {
        return "normalize";
    }
}
