package io.tweetstream.adapter.kafka;

import java.util.Objects;

/**
 * A topic a Kafka sink writes to, and the cluster it lives on.
 *
 * @param topic the topic
 * @param bootstrapServers the sink's own cluster ({@code output.bootstrap.servers}), or null for the input's
 *                         ({@code kafka.bootstrap.servers})
 */
record SinkTopic(String topic, String bootstrapServers) {

    SinkTopic {
        Objects.requireNonNull(topic, "topic");
    }

    /** On the input's cluster. */
    static SinkTopic onInputCluster(String topic) {
        return new SinkTopic(topic, null);
    }
}
