package io.tweetstream.application.port.out;

import java.util.Map;

/**
 * Checks at start-up that the topics the pipeline reads and writes exist (creating them when configured to),
 * so a misconfiguration fails before any record moves, with a message naming the setting or the topic.
 */
public interface TopicVerifier {

    /**
     * @return partition count of every verified topic, by name
     * @throws IllegalStateException if the cluster cannot be reached in time or a topic is missing
     */
    Map<String, Integer> verifyTopics();
}
