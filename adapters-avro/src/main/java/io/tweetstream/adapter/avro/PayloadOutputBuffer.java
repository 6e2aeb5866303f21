package io.tweetstream.adapter.avro;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * Collects one encoded record, reused per thread. Like {@code ByteArrayOutputStream} without its locks, which
 * cost a noticeable share of a sub-microsecond encode.
 */
final class PayloadOutputBuffer extends OutputStream {

    /** Fits a tweet of 280 four-byte characters plus a long username in one go. */
    private static final int INITIAL_CAPACITY = 2048;

    /** A thread that once encoded a huge record does not keep a huge buffer. */
    private static final int RETAINED_CAPACITY = 64 * 1024;

    private byte[] buffer = new byte[INITIAL_CAPACITY];
    private int count;

    PayloadOutputBuffer reset() {
        if (buffer.length > RETAINED_CAPACITY) {
            buffer = new byte[INITIAL_CAPACITY];
        }
        count = 0;
        return this;
    }

    /** The bytes written since {@link #reset()}, as a new array the caller owns. */
    byte[] toByteArray() {
        return Arrays.copyOf(buffer, count);
    }

    @Override
    public void write(int b) {
        ensureCapacity(count + 1);
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        ensureCapacity(count + length);
        System.arraycopy(bytes, offset, buffer, count, length);
        count += length;
    }

    private void ensureCapacity(int needed) {
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
    }
}
