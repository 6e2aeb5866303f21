package io.tweetstream.domain.transform;

import io.tweetstream.domain.Tweet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps a tweet whose text contains any of the keywords, or whose author is one of the users; drops the rest.
 * Both comparisons ignore case (Twitter handles are case-insensitive); a keyword matches as a whole word.
 */
public final class KeywordOrUserFilter implements TweetTransformation {

    private final List<String> keywords;
    private final Set<String> users;

    public KeywordOrUserFilter(Set<String> keywords, Set<String> users) {
        this.keywords = keywords.stream().map(KeywordOrUserFilter::fold).filter(k -> !k.isEmpty()).sorted().toList();
        this.users = users.stream().map(KeywordOrUserFilter::fold).filter(u -> !u.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        if (this.keywords.isEmpty() && this.users.isEmpty()) {
            throw new IllegalArgumentException("filter needs at least one keyword or one user, got neither");
        }
    }

    @Override
    public List<Tweet> apply(Tweet tweet) {
        return keeps(tweet) ? List.of(tweet) : List.of();
    }

    private boolean keeps(Tweet tweet) {
        if (users.contains(fold(tweet.username()))) {
            return true;
        }
        String text = fold(tweet.text());
        for (String keyword : keywords) {
            if (containsWord(text, keyword)) {
                return true;
            }
        }
        return false;
    }

    /** True if {@code keyword} occurs not glued to letters or digits: "spark" matches "#spark!", not "sparkle". */
    private static boolean containsWord(String text, String keyword) {
        for (int at = text.indexOf(keyword); at >= 0; at = text.indexOf(keyword, at + 1)) {
            int end = at + keyword.length();
            boolean startsWord = at == 0 || !Character.isLetterOrDigit(text.codePointBefore(at));
            boolean endsWord = end == text.length() || !Character.isLetterOrDigit(text.codePointAt(end));
            if (startsWord && endsWord) {
                return true;
            }
        }
        return false;
    }

    private static String fold(String s) {
        return s.strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "filter(keywords=" + String.join("|", keywords) + ";users=" + String.join("|", users.stream().sorted().toList()) + ")";
    }
}
