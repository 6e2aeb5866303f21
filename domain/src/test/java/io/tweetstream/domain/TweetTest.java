package io.tweetstream.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TweetTest {

    @Test
    void keepsTheOriginalExamplesFields() {
        Tweet tweet = new Tweet("ANY_USER_1", "ANY_TEXT_1", 1234L);

        assertThat(tweet.username()).isEqualTo("ANY_USER_1");
        assertThat(tweet.text()).isEqualTo("ANY_TEXT_1");
        assertThat(tweet.timestamp()).isEqualTo(1234L);
    }

    @Test
    void rejectsNullUsernameAndText() {
        assertThatThrownBy(() -> new Tweet(null, "t", 0)).hasMessage("username must not be null");
        assertThatThrownBy(() -> new Tweet("u", null, 0)).hasMessage("text must not be null");
    }

    @Test
    void rejectsNegativeTimestamps() {
        assertThatThrownBy(() -> new Tweet("u", "t", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got -1");
    }

    @Test
    void withTextKeepsAuthorAndTime() {
        Tweet tweet = new Tweet("u", "old", 7);

        assertThat(tweet.withText("new")).isEqualTo(new Tweet("u", "new", 7));
        assertThat(tweet.withText("old")).isSameAs(tweet);
    }
}
