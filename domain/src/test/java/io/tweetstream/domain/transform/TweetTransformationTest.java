package io.tweetstream.domain.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.tweetstream.domain.Tweet;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TweetTransformationTest {

    private static final Tweet TWEET = new Tweet("alice", "a b c", 10);

    private static final TweetTransformation SPLIT_WORDS =
            t -> Arrays.stream(t.text().split(" ")).map(t::withText).toList();
    private static final TweetTransformation UPPER = t -> List.of(t.withText(t.text().toUpperCase()));
    private static final TweetTransformation DROP_B = t -> t.text().equalsIgnoreCase("b") ? List.of() : List.of(t);

    @Test
    void identityReturnsTheTweetUnchanged() {
        assertThat(TweetTransformation.identity().apply(TWEET)).containsExactly(TWEET);
    }

    @Test
    void splitThenMapThenFilterComposeInOrder() {
        TweetTransformation chain = SPLIT_WORDS.andThen(UPPER).andThen(DROP_B);

        assertThat(chain.apply(TWEET)).extracting(Tweet::text).containsExactly("A", "C");
    }

    @Test
    void orderMatters() {
        TweetTransformation dropFirst = DROP_B.andThen(SPLIT_WORDS);

        assertThat(dropFirst.apply(TWEET)).extracting(Tweet::text).containsExactly("a", "b", "c");
    }

    @Test
    void aFilterThatDropsEverythingStopsTheChain() {
        TweetTransformation chain = TweetTransformation.chain(List.of(t -> List.of(), UPPER));

        assertThat(chain.apply(TWEET)).isEmpty();
    }

    @Test
    void emptyChainIsIdentity() {
        assertThat(TweetTransformation.chain(List.of()).apply(TWEET)).containsExactly(TWEET);
    }
}
