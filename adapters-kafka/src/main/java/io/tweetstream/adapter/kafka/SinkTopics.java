package io.tweetstream.adapter.kafka;

import com.google.inject.BindingAnnotation;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The topics chosen Kafka sinks write to, each with its cluster ({@link SinkTopic}): the start-up checks verify
 * (or create) them beside the input's.
 */
@BindingAnnotation
@Target({ElementType.PARAMETER, ElementType.METHOD, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@interface SinkTopics {
}
