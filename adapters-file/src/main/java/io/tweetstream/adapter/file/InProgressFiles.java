package io.tweetstream.adapter.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hidden files being written ({@code .<final name>.<random>.inprogress}), and the clean-up of those a crashed
 * run left behind.
 *
 * <p>A writer holds an exclusive lock on its file for as long as it writes it, so a file nobody holds a lock on is a
 * leftover: its writer is gone (a killed JVM's locks go with it). Other tasks write beside us in the same directory
 * (on this JVM, on other executors of this host, on other hosts through a shared file system that supports locks,
 * such as NFSv4), so only unlocked files are deleted. On this JVM a lock cannot be probed without releasing it (a
 * POSIX lock belongs to the process, and closing any channel on the file drops it), so the files this JVM writes are
 * known without probing: {@link #WRITING}.
 */
final class InProgressFiles {

    private static final Logger LOG = LoggerFactory.getLogger(InProgressFiles.class);
    private static final String SUFFIX = ".inprogress";
    /** Per JVM on purpose: what locks protect from other processes must be known, not probed, within this one. */
    private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();
    /** Directories (with their prefix) this JVM has cleaned: leftovers come from before this JVM, once is enough. */
    private static final Set<String> CLEANED = ConcurrentHashMap.newKeySet();

    private InProgressFiles() {
    }

    /** An open, locked, new hidden file for {@code finalName}: unique per attempt, so two attempts never share one. */
    static FileChannel create(Path directory, String finalName, Path[] created) throws IOException {
        while (true) {
            Path temporary = directory.resolve("." + finalName + "." + UUID.randomUUID() + SUFFIX);
            WRITING.add(temporary);
            FileChannel channel = null;
            try {
                channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                channel.lock(); // released when the channel closes
                if (Files.exists(temporary)) { // a clean-up elsewhere may have taken it before our lock: start over
                    created[0] = temporary;
                    return channel;
                }
                channel.close();
                WRITING.remove(temporary);
            } catch (IOException | RuntimeException e) {
                if (channel != null) {
                    channel.close();
                }
                WRITING.remove(temporary);
                throw e;
            }
        }
    }

    /** The file is finished (renamed) or abandoned (deleted): no longer this JVM's to protect. */
    static void done(Path temporary) {
        WRITING.remove(temporary);
    }

    /** Cleans {@code directory}'s leftovers of files named with {@code prefix}, once per JVM. */
    static void cleanOnce(Path directory, String prefix) {
        if (CLEANED.add(directory.toAbsolutePath().normalize() + "/" + prefix)) {
            List<Path> deleted = cleanLeftovers(directory, prefix);
            if (!deleted.isEmpty()) {
                LOG.info("deleted {} unfinished file(s) a previous run left in {}: {}", deleted.size(), directory,
                        deleted);
            }
        }
    }

    /** Deletes the hidden files of {@code prefix} that no one is writing; returns them. */
    static List<Path> cleanLeftovers(Path directory, String prefix) {
        List<Path> deleted = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "." + prefix + "-*" + SUFFIX)) {
            for (Path file : files) {
                if (!WRITING.contains(file) && deleteIfUnlocked(file)) {
                    deleted.add(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory + " for unfinished files", e);
        }
        return deleted;
    }

    private static boolean deleteIfUnlocked(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return false; // another process is writing it
            }
            Files.delete(file); // under the lock: a writer that created it meanwhile sees it gone and starts over
            return true;
        } catch (OverlappingFileLockException | NoSuchFileException busyOrGone) {
            return false; // another clean-up in this JVM has it, or it was finished meanwhile
        }
    }
}
