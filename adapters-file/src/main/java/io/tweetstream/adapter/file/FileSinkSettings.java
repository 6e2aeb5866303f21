package io.tweetstream.adapter.file;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the file sink writes.
 *
 * @param directory where finished files appear (a String: {@code Path} is not serializable)
 * @param prefix file name prefix
 * @param maxFileBytes a file is finished and a new one started past this size, even within a batch
 * @param maxFileAge a file is finished and a new one started once this old, even within a batch
 */
record FileSinkSettings(String directory, String prefix, long maxFileBytes, Duration maxFileAge)
        implements Serializable {

    public FileSinkSettings {
        if (directory == null || directory.isBlank()) {
            throw new IllegalArgumentException("file.directory is required");
        }
        if (prefix == null || prefix.isBlank() || prefix.contains("/")) {
            throw new IllegalArgumentException("file.prefix must be a non-empty file name part, got '" + prefix + "'");
        }
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("file.max-bytes must be positive, got " + maxFileBytes);
        }
        Objects.requireNonNull(maxFileAge, "maxFileAge");
        if (maxFileAge.isNegative() || maxFileAge.isZero()) {
            throw new IllegalArgumentException("file.max-age must be positive, got " + maxFileAge);
        }
    }
}
