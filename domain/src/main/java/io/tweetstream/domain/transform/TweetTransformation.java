package io.tweetstream.domain.transform;

import io.tweetstream.domain.Tweet;
import java.util.ArrayList;
import java.util.List;

/**
 * A pure function from one tweet to zero or more tweets.
 *
 * <p>Zero outputs is a filter, one is a map, several is a split; all three compose with {@link #andThen}.
 * Implementations must be stateless and side-effect free: engines run them on many threads and retry them
 * after failures. They are plain objects: an engine ships the chain's specification to its workers, where
 * {@link TransformationCatalog} builds it again.
 */
@FunctionalInterface
public interface TweetTransformation {

    List<Tweet> apply(Tweet tweet);

    /** This transformation, then {@code next} on each of its outputs, in order. */
    default TweetTransformation andThen(TweetTransformation next) {
        TweetTransformation first = this;
        return tweet -> {
            List<Tweet> intermediate = first.apply(tweet);
            if (intermediate.size() == 1) {
                return next.apply(intermediate.get(0));
            }
            List<Tweet> out = new ArrayList<>(intermediate.size());
            for (Tweet t : intermediate) {
                out.addAll(next.apply(t));
            }
            return out;
        };
    }

    /** What the original job did between decode and re-encode: nothing. */
    static TweetTransformation identity() {
        return List::of;
    }

    /** Composes the steps in order; no steps is {@link #identity()}. */
    static TweetTransformation chain(List<TweetTransformation> steps) {
        TweetTransformation result = identity();
        for (TweetTransformation step : steps) {
            result = result.andThen(step);
        }
        return result;
    }
}
