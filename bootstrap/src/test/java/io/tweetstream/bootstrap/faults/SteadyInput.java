package io.tweetstream.bootstrap.faults;

import io.tweetstream.application.fake.NumberedTweets;
import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.testkit.TestTopics;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tweets arriving steadily, as they would while a fault happens: numbered tweets ({@code "tweet <n>"}) written in
 * blocks, every block acknowledged by Kafka before it counts as written, until {@link #stop()}. A write that Kafka
 * refused ends the thread and {@link #stop()} rethrows it: the tests only count tweets Kafka has.
 */
final class SteadyInput implements AutoCloseable {

    private static final int BLOCK = 250;

    private final TestTopics topics;
    private final String topic;
    private final TweetCodec codec;
    private final long pauseMillis;
    private final AtomicInteger written = new AtomicInteger();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** About {@code perSecond} tweets a second (less when Kafka is slower). */
    SteadyInput(TestTopics topics, String topic, TweetCodec codec, int perSecond) {
        this(topics, topic, codec, perSecond, 0);
    }

    /**
     * As {@link #SteadyInput(TestTopics, String, TweetCodec, int)}, numbering from {@code first}: tweets
     * {@code 0 .. first-1} were written before (a backlog), and {@link #written()} counts them too.
     */
    SteadyInput(TestTopics topics, String topic, TweetCodec codec, int perSecond, int first) {
        this.written.set(first);
        this.topics = topics;
        this.topic = topic;
        this.codec = codec;
        this.pauseMillis = 1000L * BLOCK / perSecond;
        this.thread = new Thread(this::run, "steady-input-" + topic);
    }

    SteadyInput start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (running) {
                int from = written.get();
                topics.write(topic, NumberedTweets.keyed(codec, from, BLOCK, 37, 1_732_500_000L));
                written.addAndGet(BLOCK);
                Thread.sleep(pauseMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.set(e);
        }
    }

    /** Tweets acknowledged so far. */
    int written() {
        return written.get();
    }

    /** Stops writing, and returns how many tweets were written (all acknowledged). */
    int stop() throws InterruptedException {
        running = false;
        thread.join();
        if (failure.get() != null) {
            throw new IllegalStateException("the input writer failed after " + written.get() + " tweets",
                    failure.get());
        }
        return written.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
