package io.tweetstream.adapter.spark;

import io.tweetstream.application.message.OutputRecord;
import io.tweetstream.application.port.out.TaskResources;
import io.tweetstream.application.port.out.TweetSink;
import io.tweetstream.application.port.out.TweetSinkFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.TaskContext;

/**
 * A test's output sink factory around the real one: on the first attempt of a task writing input partition
 * {@code partition}, after {@code afterWrites} outputs it flushes them (they are on the broker, inside the task's
 * transaction) and throws, once per {@link #ARMED} arming. Spark then retries the task. Local mode only: the flag is
 * a static of the one JVM.
 */
record FailOnceAfterSends(TweetSinkFactory delegate, int partition, int afterWrites) implements TweetSinkFactory {

    /** Armed by the test; the injected failure disarms it. */
    static final AtomicBoolean ARMED = new AtomicBoolean();

    @Override
    public TweetSink create(TaskResources shared) {
        TweetSink sink = delegate.create(shared);
        return new TweetSink() {
            private int written;

            @Override
            public void open() {
                sink.open();
            }

            @Override
            public void write(OutputRecord record) {
                sink.write(record);
                if (record.source().partition() == partition && ++written == afterWrites
                        && TaskContext.get().attemptNumber() == 0 && ARMED.compareAndSet(true, false)) {
                    sink.flush();
                    throw new IllegalStateException("injected failure after " + written + " sends of partition "
                            + partition + ", before the commit");
                }
            }

            @Override
            public long flush() {
                return sink.flush();
            }

            @Override
            public void close() {
                sink.close();
            }
        };
    }
}
