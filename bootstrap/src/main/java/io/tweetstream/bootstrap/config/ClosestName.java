package io.tweetstream.bootstrap.config;

import java.util.Collection;
import java.util.Comparator;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** The known name nearest a mistyped one (edit distance, then alphabetical), for "did you mean" messages. */
final class ClosestName {

    private ClosestName() {
    }

    static String to(String name, Collection<String> known) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        return known.stream().min(Comparator.comparingInt((String k) -> distance.apply(name, k))
                .thenComparing(Comparator.naturalOrder())).orElse("");
    }
}
