package io.tweetstream.bootstrap.cli;

import io.tweetstream.bootstrap.config.ConfigException;
import io.tweetstream.bootstrap.config.TweetstreamConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every pipeline command shares: a configuration file and overrides of single settings. */
final class ConfigOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Properties file with the settings (see README.md, Configuration).")
    Path file;

    @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE",
            description = "Overrides one setting, e.g. -D kafka.bootstrap.servers=host:9092. Repeatable.")
    Map<String, String> overrides = new LinkedHashMap<>();

    TweetstreamConfig load(String defaultBootstrapServers) {
        return TweetstreamConfig.load(file, overrides, defaultBootstrapServers);
    }

    static int report(ConfigException e, PrintStream err) {
        err.println("tweetstream: invalid configuration, nothing was started:");
        e.problems().forEach(p -> err.println("  - " + p));
        return ExitCodes.BAD_CONFIGURATION;
    }
}
