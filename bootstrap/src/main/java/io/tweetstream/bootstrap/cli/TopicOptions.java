package io.tweetstream.bootstrap.cli;

import io.tweetstream.adapter.avro.AvroCodecs;
import io.tweetstream.application.port.out.TweetCodec;
import picocli.CommandLine.Option;

/** What the topic tools (produce, consume) share: the cluster, the topic and the wire format. */
final class TopicOptions {

    @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap.servers.")
    String bootstrapServers;

    @Option(names = "--topic", required = true, description = "The topic.")
    String topic;

    @Option(names = "--codec", defaultValue = AvroCodecs.DEFAULT,
            description = "binary or single-object (default ${DEFAULT-VALUE}).")
    String codec;

    /** The chosen codec, or null after printing why the name is wrong (the caller exits with 2). */
    TweetCodec tweetCodec(String command) {
        try {
            return AvroCodecs.factory(codec).create();
        } catch (IllegalArgumentException e) {
            System.err.println("tweetstream " + command + ": --codec " + e.getMessage());
            return null;
        }
    }
}
