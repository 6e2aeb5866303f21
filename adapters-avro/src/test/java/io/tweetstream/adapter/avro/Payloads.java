package io.tweetstream.adapter.avro;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/** Hand-built Avro bytes, for payloads no well-behaved writer produces. */
final class Payloads {

    static final byte[] MARKER = {(byte) 0xC3, 0x01};

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    static Payloads start() {
        return new Payloads();
    }

    /** An Avro long (or string/bytes length): zig-zag, then 7 bits per byte, low bits first. */
    Payloads varint(long value) {
        long zigZag = (value << 1) ^ (value >> 63);
        while ((zigZag & ~0x7FL) != 0) {
            bytes.write((int) ((zigZag & 0x7F) | 0x80));
            zigZag >>>= 7;
        }
        bytes.write((int) zigZag);
        return this;
    }

    Payloads string(String s) {
        byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        varint(utf8.length);
        return raw(utf8);
    }

    Payloads raw(byte... raw) {
        bytes.writeBytes(raw);
        return this;
    }

    /** Single-object header: marker, then the schema's CRC-64-AVRO fingerprint, little-endian. */
    Payloads singleObjectHeader(Schema schema) {
        return singleObjectHeader(SchemaNormalization.parsingFingerprint64(schema));
    }

    Payloads singleObjectHeader(long fingerprint) {
        raw(MARKER);
        return raw(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(fingerprint).array());
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }
}
