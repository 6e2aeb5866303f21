package io.tweetstream.bootstrap;

import io.tweetstream.bootstrap.cli.ConsumeCommand;
import io.tweetstream.bootstrap.cli.DemoCommand;
import io.tweetstream.bootstrap.cli.ProduceCommand;
import io.tweetstream.bootstrap.cli.RunCommand;
import io.tweetstream.bootstrap.cli.SettingsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The entry point of the spark-submit jar and of the local demo.
 *
 * <p>Exit codes: 0 done, 1 the pipeline failed (nothing of the failed batch committed), 2 bad usage or
 * configuration (nothing started).
 */
@Command(name = "tweetstream", mixinStandardHelpOptions = true, version = "tweetstream 0.1.0",
        description = "Avro tweets from Kafka, transformed, to Kafka, on Spark Streaming.",
        subcommands = {RunCommand.class, DemoCommand.class, ProduceCommand.class, ConsumeCommand.class,
                SettingsCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        System.exit(code); // Spark and Kafka leave non-daemon threads behind: end the JVM explicitly
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
