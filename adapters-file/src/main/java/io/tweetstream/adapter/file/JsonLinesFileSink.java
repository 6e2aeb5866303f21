package io.tweetstream.adapter.file;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tweetstream.application.message.DeliveryFailedException;
import io.tweetstream.application.message.OutputRecord;
import io.tweetstream.application.message.SourcePosition;
import io.tweetstream.application.port.out.TweetSink;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes tweets as JSON Lines ({"username", "text", "timestamp", "source"}) into a hidden temporary file;
 * {@code flush} forces it to disk and renames it atomically to its final name, then forces the directory entry, so a
 * reader never sees a half-written file and a batch is committed only after its file is durable (any of these
 * failing fails the flush). Files also roll by size or age. One instance serves one thread.
 *
 * <p>A file is named after its first record's source position ({@code <prefix>-<topic>-<partition>-<offset>.jsonl}):
 * a batch read again after a failure or a crash writes the same records from the same offsets, so its file replaces
 * the first attempt's instead of adding a second copy. (A file rolled by age may roll elsewhere the second time; that
 * leaves duplicates, never a gap: a name is reused only for a record read again, so every record of the replaced file
 * is read again too.) Unfinished files a crashed run left behind are deleted when the first sink of this JVM opens on
 * the directory ({@link InProgressFiles}).
 */
final class JsonLinesFileSink implements TweetSink {

    private static final JsonFactory JSON = new JsonFactory();

    private final FileSinkSettings settings;
    private final Path directory;
    private final DirectorySync directorySync;
    private boolean open;
    private Part current;
    private long finishedRecords;

    /** How a directory entry is made durable; a test swaps in a failing one. */
    @FunctionalInterface
    interface DirectorySync {
        DirectorySync FSYNC = directory -> {
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
        };

        void sync(Path directory) throws IOException;
    }

    JsonLinesFileSink(FileSinkSettings settings) {
        this(settings, DirectorySync.FSYNC);
    }

    JsonLinesFileSink(FileSinkSettings settings, DirectorySync directorySync) {
        this.settings = settings;
        this.directory = Path.of(settings.directory());
        this.directorySync = directorySync;
    }

    @Override
    public void open() {
        if (open) {
            throw new IllegalStateException("sink already open");
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create file.directory " + directory, e);
        }
        InProgressFiles.cleanOnce(directory, settings.prefix());
        open = true;
        finishedRecords = 0;
    }

    @Override
    public void write(OutputRecord record) {
        if (!open) {
            throw new IllegalStateException("write() on a sink that is not open");
        }
        try {
            if (current != null && current.isFull(settings)) {
                finishedRecords += current.finish();
                current = null;
            }
            if (current == null) {
                current = new Part(directory, settings.prefix(), record, directorySync);
            }
            current.append(record);
        } catch (IOException e) {
            throw new DeliveryFailedException("cannot write to " + directory + ": " + e.getMessage(), 0, e);
        }
    }

    @Override
    public long flush() {
        if (!open) {
            throw new IllegalStateException("flush() on a sink that is not open");
        }
        try {
            if (current != null) {
                finishedRecords += current.finish();
                current = null;
            }
            long delivered = finishedRecords;
            finishedRecords = 0;
            return delivered;
        } catch (IOException e) {
            long delivered = finishedRecords;
            finishedRecords = 0;
            throw new DeliveryFailedException("cannot finish a file in " + directory + ": " + e.getMessage(), delivered, e);
        }
    }

    /** Drops what was written but never flushed: it was not delivered, and the batch will be read again. */
    @Override
    public void close() {
        open = false;
        if (current != null) {
            current.abandon();
            current = null;
        }
    }

    /** One file being written: hidden temporary name until finished. */
    private static final class Part {
        private final Path temporary;
        private final Path finished;
        private final FileChannel channel;
        private final JsonGenerator json;
        private final DirectorySync directorySync;
        private final long startedNanos = System.nanoTime();
        private long records;

        Part(Path directory, String prefix, OutputRecord first, DirectorySync directorySync) throws IOException {
            SourcePosition from = first.source();
            String name = String.format("%s-%s-%d-%019d.jsonl", prefix, from.topic(), from.partition(), from.offset());
            finished = directory.resolve(name);
            Path[] created = new Path[1];
            channel = InProgressFiles.create(directory, name, created);
            temporary = created[0];
            this.directorySync = directorySync;
            OutputStream out = Channels.newOutputStream(channel);
            json = JSON.createGenerator(out, JsonEncoding.UTF8);
            json.setRootValueSeparator(null);
        }

        void append(OutputRecord record) throws IOException {
            json.writeStartObject();
            json.writeStringField("username", record.tweet().username());
            json.writeStringField("text", record.tweet().text());
            json.writeNumberField("timestamp", record.tweet().timestamp());
            json.writeStringField("source", record.source().toString());
            json.writeEndObject();
            json.writeRaw('\n');
            records++;
        }

        boolean isFull(FileSinkSettings settings) throws IOException {
            json.flush();
            return channel.size() >= settings.maxFileBytes()
                    || System.nanoTime() - startedNanos >= settings.maxFileAge().toNanos();
        }

        /**
         * Durable, then visible: fsync the data, rename atomically (replacing an earlier attempt's file of the same
         * name), fsync the directory entry. A failure of any step fails the flush: the batch is not committed and
         * will be written again under the same name.
         */
        long finish() throws IOException {
            json.flush();
            channel.force(true);
            Files.move(temporary, finished, StandardCopyOption.ATOMIC_MOVE); // rename(2): replaces an existing file
            InProgressFiles.done(temporary);
            json.close(); // and the channel, with its lock, once the name is gone
            directorySync.sync(finished.getParent());
            return records;
        }

        void abandon() {
            try {
                json.close();
            } catch (IOException ignored) {
                // the file is deleted next
            }
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the unfinished " + temporary, e);
            } finally {
                InProgressFiles.done(temporary);
            }
        }
    }
}
