package io.tweetstream.adapter.avro;

import io.tweetstream.application.port.out.DecodeResult;
import java.io.EOFException;
import java.util.HexFormat;
import org.apache.avro.InvalidNumberEncodingException;
import org.apache.avro.SystemLimitException;
import org.apache.avro.message.BadHeaderException;

/**
 * Why a payload is not a tweet, in words a person reading the dead-letter topic can act on, with a stable
 * {@code errorType} per kind. Turns what Avro throws into these failures.
 */
final class DecodeFailures {

    static final String EMPTY = "empty";
    static final String TRUNCATED = "truncated";
    static final String LENGTH_LIMIT = "length-limit";
    static final String TRAILING_BYTES = "trailing-bytes";
    static final String BAD_MARKER = "bad-marker";
    static final String UNKNOWN_SCHEMA = "unknown-schema";
    static final String MALFORMED = "malformed";
    static final String INVALID = "invalid";

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private DecodeFailures() {
    }

    static DecodeResult empty(byte[] payload) {
        return DecodeResult.failure(payload == null ? "null payload: the message has no value"
                : "empty payload: the message value has 0 bytes", EMPTY);
    }

    static DecodeResult trailingBytes(int remaining, int payloadLength, String codec) {
        return DecodeResult.failure("trailing bytes: a complete tweet ends " + remaining + " byte(s) before the end"
                + " of the " + payloadLength + "-byte payload (corrupt, several records in one message, or written"
                + " with another schema or codec than " + codec + ")", TRAILING_BYTES);
    }

    static DecodeResult truncatedHeader(int payloadLength, int headerLength) {
        return DecodeResult.failure("truncated payload: " + payloadLength + " byte(s), but a single-object header"
                + " alone takes " + headerLength + " (marker and schema fingerprint)", TRUNCATED);
    }

    static DecodeResult badMarker(byte[] payload, byte[] expected) {
        int shown = Math.min(payload.length, expected.length);
        return DecodeResult.failure("not single-object encoded: starts with " + spaced(payload, shown)
                + " instead of the marker " + spaced(expected, expected.length)
                + " (plain binary data sent to a single-object reader?)", BAD_MARKER);
    }

    static DecodeResult unknownSchema(long fingerprint, String knownFingerprints) {
        return DecodeResult.failure("unknown schema fingerprint " + fingerprint(fingerprint)
                + ": the writer used a schema this reader does not have (known: " + knownFingerprints
                + "); add that schema version to the codec's schema store", UNKNOWN_SCHEMA);
    }

    /** How fingerprints appear in reasons: the 64-bit value of {@code SchemaNormalization.parsingFingerprint64}. */
    static String fingerprint(long fingerprint) {
        return "0x" + HEX.toHexDigits(fingerprint);
    }

    static DecodeResult invalid(RuntimeException e) {
        return DecodeResult.failure("not a valid tweet: " + e.getMessage(), INVALID);
    }

    /** A failure for what Avro threw while reading {@code payloadLength} bytes with {@code codec}. */
    static DecodeResult fromAvro(Exception thrown, int payloadLength, String codec) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof EOFException) {
                return DecodeResult.failure("truncated payload: the " + payloadLength + "-byte payload ends inside"
                        + " a record (" + codec + " codec)", TRUNCATED);
            }
            if (t instanceof SystemLimitException || isAvroCeiling(t)) {
                return lengthLimit(t.getMessage(), payloadLength);
            }
            if (t instanceof BadHeaderException) {
                return DecodeResult.failure("bad single-object header: " + t.getMessage(), BAD_MARKER);
            }
            if (t instanceof InvalidNumberEncodingException) {
                return DecodeResult.failure("malformed payload: " + t.getMessage() + " (a varint longer than its"
                        + " type allows)", MALFORMED);
            }
        }
        return DecodeResult.failure("malformed payload (" + codec + " codec): " + describe(rootCause(thrown)),
                MALFORMED);
    }

    private static DecodeResult lengthLimit(String avroMessage, int payloadLength) {
        // Avro says "String length ..." or "Bytes length ..."; past its ceiling, "... strings ..." or "... arrays ...".
        boolean bytes = avroMessage != null && (avroMessage.startsWith("Bytes") || avroMessage.contains("arrays"));
        String property = bytes ? AvroDecodeLimits.BYTES_PROPERTY : AvroDecodeLimits.STRING_PROPERTY;
        String limit = System.getProperty(property, "unset");
        return DecodeResult.failure("length prefix too large: " + avroMessage + " (limit " + limit + " bytes, "
                + property + "), in a payload of " + payloadLength + " bytes", LENGTH_LIMIT);
    }

    /** Above Avro's array-size ceiling Avro throws this instead of a {@link SystemLimitException}. */
    private static boolean isAvroCeiling(Throwable t) {
        return t instanceof UnsupportedOperationException && t.getMessage() != null
                && t.getMessage().startsWith("Cannot read");
    }

    private static Throwable rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static String spaced(byte[] bytes, int count) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < count; i++) {
            s.append(i == 0 ? "" : " ").append("0x").append(HEX.toHexDigits(bytes[i]));
        }
        return s.toString();
    }
}
