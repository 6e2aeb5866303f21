package io.tweetstream.domain.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tweetstream.domain.Tweet;
import org.junit.jupiter.api.Test;

class TransformationCatalogTest {

    @Test
    void emptySpecIsIdentity() {
        Tweet tweet = new Tweet("u", "  x  ", 1);

        assertThat(TransformationCatalog.parse("").apply(tweet)).containsExactly(tweet);
        assertThat(TransformationCatalog.parse("identity").apply(tweet)).containsExactly(tweet);
    }

    @Test
    void buildsTheStepsInTheOrderWritten() {
        TweetTransformation chain =
                TransformationCatalog.parse("normalize, filter(keywords=spark|kafka; users=alice), redact");

        assertThat(chain.apply(new Tweet("bob", "  Spark   mail: x@y.com ", 1)))
                .extracting(Tweet::text).containsExactly("Spark mail: [email]");
        assertThat(chain.apply(new Tweet("alice", "hi", 1))).hasSize(1);
        assertThat(chain.apply(new Tweet("bob", "hi", 1))).isEmpty();
    }

    @Test
    void namesTheKnownTransformationsWhenOneIsUnknown() {
        assertThatThrownBy(() -> TransformationCatalog.parse("normalize,uppercase"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown transformation 'uppercase'; known: identity, normalize, filter, redact");
    }

    @Test
    void rejectsMalformedSteps() {
        assertThatThrownBy(() -> TransformationCatalog.parse("normalize,,redact"))
                .hasMessageContaining("empty step");
        assertThatThrownBy(() -> TransformationCatalog.parse("filter(keywords=a"))
                .hasMessageContaining("without a closing ')'");
        assertThatThrownBy(() -> TransformationCatalog.parse("filter(words=a)"))
                .hasMessageContaining("accepts the options keywords and users, got words");
        assertThatThrownBy(() -> TransformationCatalog.parse("redact(all=true)"))
                .hasMessageContaining("redact takes no options");
        assertThatThrownBy(() -> TransformationCatalog.parse("filter(keywords)"))
                .hasMessageContaining("must be key=value");
    }
}
