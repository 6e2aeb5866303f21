package io.tweetstream.bootstrap.config;

import java.util.List;

/** The configuration is wrong: every problem found, each naming its setting. Exit code 2. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
