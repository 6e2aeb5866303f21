package io.tweetstream.domain.transform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a transformation chain from its written form, so users pick built-ins by name in configuration.
 *
 * <p>Grammar: steps separated by commas, applied in order; a step is a name with optional
 * {@code (key=value;key=value)} options; list values are separated by {@code |}. Example:
 * {@code normalize, filter(keywords=spark|kafka; users=alice), redact}. An empty spec is {@code identity}.
 */
public final class TransformationCatalog {

    public static final List<String> NAMES = List.of("identity", "normalize", "filter", "redact");

    private TransformationCatalog() {
    }

    public static TweetTransformation parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return TweetTransformation.identity();
        }
        List<TweetTransformation> steps = new ArrayList<>();
        for (String step : splitSteps(spec)) {
            steps.add(step(step.strip()));
        }
        return TweetTransformation.chain(steps);
    }

    private static TweetTransformation step(String step) {
        int open = step.indexOf('(');
        String name = (open < 0 ? step : step.substring(0, open)).strip();
        Map<String, String> options = open < 0 ? Map.of() : options(step, open);
        return switch (name) {
            case "identity" -> noOptions(name, options, TweetTransformation.identity());
            case "normalize" -> noOptions(name, options, new NormalizeText());
            case "redact" -> noOptions(name, options, new RedactContacts());
            case "filter" -> filter(options);
            default -> throw new IllegalArgumentException(
                    "unknown transformation '" + name + "'; known: " + String.join(", ", NAMES));
        };
    }

    private static TweetTransformation filter(Map<String, String> options) {
        Set<String> unknown = new LinkedHashSet<>(options.keySet());
        unknown.removeAll(Set.of("keywords", "users"));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "filter accepts the options keywords and users, got " + String.join(", ", unknown));
        }
        return new KeywordOrUserFilter(list(options.get("keywords")), list(options.get("users")));
    }

    private static TweetTransformation noOptions(String name, Map<String, String> options, TweetTransformation t) {
        if (!options.isEmpty()) {
            throw new IllegalArgumentException(name + " takes no options, got " + options.keySet());
        }
        return t;
    }

    private static Map<String, String> options(String step, int open) {
        if (!step.endsWith(")")) {
            throw new IllegalArgumentException("transformation step '" + step + "' has '(' without a closing ')'");
        }
        Map<String, String> options = new LinkedHashMap<>();
        String body = step.substring(open + 1, step.length() - 1);
        for (String pair : body.split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("option '" + pair.strip() + "' in '" + step + "' must be key=value");
            }
            options.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return options;
    }

    private static Set<String> list(String value) {
        Set<String> items = new LinkedHashSet<>();
        if (value != null) {
            for (String item : value.split("\\|")) {
                if (!item.isBlank()) {
                    items.add(item.strip());
                }
            }
        }
        return items;
    }

    /** Splits on commas that are not inside parentheses. */
    private static List<String> splitSteps(String spec) {
        List<String> steps = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                steps.add(spec.substring(start, i));
                start = i + 1;
            }
        }
        steps.add(spec.substring(start));
        for (String step : steps) {
            if (step.isBlank()) {
                throw new IllegalArgumentException("transformation spec '" + spec + "' has an empty step");
            }
        }
        return steps;
    }
}
