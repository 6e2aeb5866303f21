package io.tweetstream.adapter.file;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tweetstream.application.message.DeliveryFailedException;
import io.tweetstream.application.message.OutputRecord;
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
import java.util.UUID;

/**
 * Writes tweets as JSON Lines ({"username", "text", "timestamp", "source"}) into a hidden temporary file;
 * {@code flush} forces it to disk and renames it atomically to its final name, so a reader never sees a
 * half-written file and a batch is committed only after its file is durable. Files also roll by size or age.
 * One instance serves one thread.
 */
final class JsonLinesFileSink implements TweetSink {

    private static final JsonFactory JSON = new JsonFactory();

    private final FileSinkSettings settings;
    private final Path directory;
    private boolean open;
    private Part current;
    private long finishedRecords;

    JsonLinesFileSink(FileSinkSettings settings) {
        this.settings = settings;
        this.directory = Path.of(settings.directory());
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
                current = new Part(directory, settings.prefix());
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
        private final long startedNanos = System.nanoTime();
        private long records;

        Part(Path directory, String prefix) throws IOException {
            String name = prefix + "-" + System.currentTimeMillis() + "-" + UUID.randomUUID() + ".jsonl";
            finished = directory.resolve(name);
            temporary = directory.resolve("." + name + ".inprogress");
            channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
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

        /** Durable, then visible: fsync the data, rename atomically, fsync the directory entry. */
        long finish() throws IOException {
            json.flush();
            channel.force(true);
            json.close();
            Files.move(temporary, finished, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel dir = FileChannel.open(finished.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException notSupported) {
                // some file systems cannot sync a directory; the rename itself is still atomic
            }
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
            }
        }
    }
}
