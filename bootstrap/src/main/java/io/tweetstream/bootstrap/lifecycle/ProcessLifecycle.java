package io.tweetstream.bootstrap.lifecycle;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The one owner of the process's stop, as {@code KafkaStreams.close()} owns a Streams application's: SIGTERM and
 * SIGINT only ask for a stop; the command's main thread then stops in order (the engine gracefully, its last batch
 * delivered and committed; the sinks; the client pools; last, what was registered with {@link #closeAtEnd}, such as
 * the demo's embedded broker) and the process exits with its own status: 0 after an orderly stop.
 *
 * <p>Why a signal handler and not a shutdown hook: once the JVM runs its shutdown hooks it exits with 143 whatever
 * they do, and every hook runs at once, in no order. The one shutdown hook installed here covers the exits nobody
 * asked for (e.g. SIGHUP): it asks for the same orderly stop and waits for it. A second SIGTERM or SIGINT during the
 * orderly stop ends the process at once (exit 128 + the signal's number), as a second Ctrl-C does elsewhere.
 */
public final class ProcessLifecycle implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessLifecycle.class);
    private static final Duration HOOK_WAIT = Duration.ofSeconds(90);

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Deque<AutoCloseable> atEnd = new ArrayDeque<>();
    private final Map<Signal, SignalHandler> previousHandlers = new HashMap<>();
    private final Thread shutdownHook = new Thread(this::onJvmShutdown, "tweetstream-shutdown");

    private ProcessLifecycle() {
    }

    /** Takes SIGTERM and SIGINT and installs the process's only shutdown hook. Close it when the command ends. */
    public static ProcessLifecycle install() {
        ProcessLifecycle lifecycle = new ProcessLifecycle();
        lifecycle.handle("TERM");
        lifecycle.handle("INT");
        Runtime.getRuntime().addShutdownHook(lifecycle.shutdownHook);
        return lifecycle;
    }

    private void handle(String name) {
        Signal signal = new Signal(name);
        try {
            previousHandlers.put(signal, Signal.handle(signal, this::onSignal));
        } catch (IllegalArgumentException unavailable) {
            // e.g. the JVM runs with -Xrs: the shutdown hook still stops in order, with the JVM's exit status
            LOG.warn("cannot handle SIG{}: {}", name, unavailable.getMessage());
        }
    }

    /** Asks the command to stop in order; returns at once. */
    public void requestStop(String why) {
        if (stopRequested.getCount() > 0) {
            LOG.info("{}: stopping: the running batch is finished and committed first", why);
            stopRequested.countDown();
        }
    }

    /** The first signal asks for an orderly stop; a second one, while it runs, ends the process now. */
    private void onSignal(Signal signal) {
        if (stopRequested() && closed.getCount() > 0) {
            LOG.warn("SIG{} again: exiting now, without finishing the running batch (it is read again on restart)",
                    signal.getName());
            Runtime.getRuntime().halt(128 + signal.getNumber());
        }
        requestStop("SIG" + signal.getName());
    }

    public boolean stopRequested() {
        return stopRequested.getCount() == 0;
    }

    /** Something to close when the command ends, after the pipeline; the last registered is closed first. */
    public void closeAtEnd(AutoCloseable resource) {
        atEnd.push(resource);
    }

    /** Closes what was registered, newest first, then gives the signals back and removes the hook. */
    @Override
    public void close() {
        try {
            while (!atEnd.isEmpty()) {
                AutoCloseable resource = atEnd.pop();
                try {
                    resource.close();
                } catch (Exception e) {
                    LOG.warn("closing {} failed", resource, e);
                }
            }
        } finally {
            closed.countDown();
            previousHandlers.forEach(Signal::handle);
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // this hook is running: it waits for exactly this close
            }
        }
    }

    private void onJvmShutdown() {
        requestStop("JVM shutdown");
        try {
            if (!closed.await(HOOK_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("the orderly stop did not finish within {} s; exiting anyway", HOOK_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
