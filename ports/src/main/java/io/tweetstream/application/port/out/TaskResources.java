package io.tweetstream.application.port.out;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the sinks of one worker's use case share, acquired once and handed to each: e.g. the Kafka output sink and
 * the Kafka dead-letter sink of a task send through one producer borrowed from the JVM's pool (one per cluster when
 * the output goes to another cluster). Sharing keeps a task at one resource per kind, so a JVM never holds more than
 * it runs tasks at once. Created with the use case and passed explicitly to its sink factories (no thread-local
 * state); confined to the worker's thread.
 *
 * <p>Each {@link #acquire} is paired with a {@link #release}; the last release gives the resource back.
 */
public final class TaskResources {

    private final Map<Object, Held<?>> held = new HashMap<>();

    /**
     * The resource under {@code key}: the one already held, or a new one from {@code acquire}.
     *
     * @param key equal keys share one resource (e.g. the producer settings)
     * @param giveBack what the last {@link #release} does with it (e.g. return it to its pool)
     */
    @SuppressWarnings("unchecked")
    public <T> T acquire(Object key, Supplier<T> acquire, Consumer<T> giveBack) {
        Held<T> h = (Held<T>) held.get(key);
        if (h == null) {
            h = new Held<>(acquire.get(), giveBack);
            held.put(key, h);
        }
        h.holders++;
        return h.resource;
    }

    /** One holder of {@code key} is done with it; the last one gives it back. */
    public void release(Object key) {
        Held<?> h = held.get(key);
        if (h == null) {
            throw new IllegalStateException("release of " + key + ", which is not held");
        }
        if (--h.holders == 0) {
            held.remove(key);
            h.giveBack();
        }
    }

    /** How many distinct resources are held now. */
    public int held() {
        return held.size();
    }

    private static final class Held<T> {
        final T resource;
        final Consumer<T> giveBack;
        int holders;

        Held(T resource, Consumer<T> giveBack) {
            this.resource = resource;
            this.giveBack = giveBack;
        }

        void giveBack() {
            giveBack.accept(resource);
        }
    }
}
