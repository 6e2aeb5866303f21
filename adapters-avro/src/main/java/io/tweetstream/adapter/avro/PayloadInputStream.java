package io.tweetstream.adapter.avro;

import java.io.InputStream;

/**
 * One payload as a stream, reused per thread, that tells how many bytes the decoder left unread.
 * {@code ByteArrayInputStream} would do, but it takes a lock on every {@code read()}, and Avro's direct decoder
 * reads varints a byte at a time.
 */
final class PayloadInputStream extends InputStream {

    private byte[] bytes = new byte[0];
    private int position;

    PayloadInputStream reset(byte[] payload) {
        this.bytes = payload;
        this.position = 0;
        return this;
    }

    /** Bytes not consumed yet: more than zero after a complete record means trailing garbage. */
    int remaining() {
        return bytes.length - position;
    }

    /** Drops the reference to the last payload, so a thread-local stream does not keep it alive. */
    void release() {
        this.bytes = new byte[0];
        this.position = 0;
    }

    @Override
    public int read() {
        return position < bytes.length ? bytes[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        int available = bytes.length - position;
        if (available <= 0) {
            return -1;
        }
        int n = Math.min(length, available);
        System.arraycopy(bytes, position, target, offset, n);
        position += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, bytes.length - position));
        position += (int) skipped;
        return skipped;
    }

    @Override
    public int available() {
        return remaining();
    }
}
