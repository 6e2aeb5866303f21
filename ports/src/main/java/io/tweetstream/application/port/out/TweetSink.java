package io.tweetstream.application.port.out;

import io.tweetstream.application.message.OutputRecord;

/** Publishes transformed tweets (e.g. to the output Kafka topic, or to files). */
public interface TweetSink extends Sink<OutputRecord> {
}
