package io.tweetstream.domain.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tweetstream.domain.Tweet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeywordOrUserFilterTest {

    private final KeywordOrUserFilter filter = new KeywordOrUserFilter(Set.of("Spark", "kafka"), Set.of("Alice"));

    @Test
    void keepsTweetsMentioningAKeywordIgnoringCase() {
        assertThat(filter.apply(new Tweet("bob", "I like SPARK streaming", 1))).hasSize(1);
        assertThat(filter.apply(new Tweet("bob", "#kafka rocks", 1))).hasSize(1);
        assertThat(filter.apply(new Tweet("bob", "streams: spark!", 1))).hasSize(1);
    }

    @Test
    void matchesKeywordsAsWholeWordsOnly() {
        assertThat(filter.apply(new Tweet("bob", "a sparkle of kafkaesque", 1))).isEmpty();
    }

    @Test
    void keepsTweetsFromListedUsersIgnoringCase() {
        assertThat(filter.apply(new Tweet("alice", "nothing relevant", 1))).hasSize(1);
    }

    @Test
    void dropsEverythingElse() {
        assertThat(filter.apply(new Tweet("bob", "nothing relevant", 1))).isEmpty();
        assertThat(filter.apply(new Tweet("alice2", "sparkle? no: spar k", 1))).isEmpty();
    }

    @Test
    void refusesAFilterThatWouldDropEverything() {
        assertThatThrownBy(() -> new KeywordOrUserFilter(Set.of(" "), Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one keyword or one user");
    }
}
