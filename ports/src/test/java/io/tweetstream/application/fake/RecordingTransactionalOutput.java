package io.tweetstream.application.fake;

import io.tweetstream.application.message.DeliveryFailedException;
import io.tweetstream.application.message.GroupMember;
import io.tweetstream.application.message.SourcePosition;
import io.tweetstream.application.port.out.TaskResources;
import io.tweetstream.application.port.out.TransactionalOutput;
import io.tweetstream.application.port.out.TransactionalOutputFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link TransactionalOutputFactory} for unit tests that records every call its outputs receive, in order (e.g.
 * {@code open tx-1}, {@code begin}, {@code commit [in-0@3] group}, {@code close}), and can be told to fail the next
 * commit or abort. Not serializable in practice: for tests in one JVM only.
 */
public final class RecordingTransactionalOutput implements TransactionalOutputFactory {

    private static final long serialVersionUID = 1L;

    private final List<String> calls = new ArrayList<>();
    private boolean failNextCommit;
    private boolean failNextAbort;

    public synchronized void failNextCommit() {
        failNextCommit = true;
    }

    public synchronized void failNextAbort() {
        failNextAbort = true;
    }

    /** Every call so far, in order. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public TransactionalOutput open(String transactionalId) {
        record("open " + transactionalId);
        return new TransactionalOutput() {
            @Override
            public void begin(TaskResources shared) {
                record("begin");
            }

            @Override
            public void commit(List<SourcePosition> next, GroupMember committer) {
                record("commit " + next + " " + committer.groupId());
                synchronized (RecordingTransactionalOutput.this) {
                    if (failNextCommit) {
                        failNextCommit = false;
                        throw new DeliveryFailedException("commit failed (as told)", 0, null);
                    }
                }
            }

            @Override
            public void abort() {
                record("abort");
                synchronized (RecordingTransactionalOutput.this) {
                    if (failNextAbort) {
                        failNextAbort = false;
                        throw new IllegalStateException("abort failed (as told)");
                    }
                }
            }

            @Override
            public void close() {
                record("close");
            }
        };
    }

    private synchronized void record(String call) {
        calls.add(call);
    }
}
