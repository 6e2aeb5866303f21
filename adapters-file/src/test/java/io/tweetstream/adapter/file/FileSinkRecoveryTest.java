package io.tweetstream.adapter.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tweetstream.application.message.DeliveryFailedException;
import io.tweetstream.application.message.OutputRecord;
import io.tweetstream.application.message.RawRecord;
import io.tweetstream.application.message.SourcePosition;
import io.tweetstream.application.port.out.TweetSink;
import io.tweetstream.domain.Tweet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the file sink does about failures and retries: fsync failures surface, retries replace, leftovers go. */
class FileSinkRecoveryTest {

    @TempDir
    Path dir;

    private FileSinkSettings settings() {
        return new FileSinkSettings(dir.toString(), "tweets", 1 << 20, Duration.ofMinutes(5));
    }

    @Test
    void aFailedDirectoryFsyncFailsTheFlush() {
        TweetSink sink = new JsonLinesFileSink(settings(), directory -> {
            throw new IOException("fsync: Input/output error");
        });
        sink.open();
        batch(0, 10).forEach(sink::write);

        assertThatThrownBy(sink::flush).isInstanceOf(DeliveryFailedException.class)
                .hasMessageContaining("fsync: Input/output error")
                .satisfies(e -> assertThat(((DeliveryFailedException) e).acknowledged()).isZero());
        sink.close();
    }

    @Test
    void aBatchWrittenAgainReplacesItsFileInsteadOfAddingASecondCopy() throws IOException {
        for (int attempt = 0; attempt < 2; attempt++) { // e.g. delivered, then read again after a crash before commit
            try (TweetSink sink = new JsonLinesFileSink(settings())) {
                sink.open();
                batch(100, 50).forEach(sink::write);
                assertThat(sink.flush()).isEqualTo(50);
            }
        }

        assertThat(finishedFiles()).singleElement()
                .satisfies(f -> assertThat(f.getFileName().toString()).isEqualTo("tweets-in-3-0000000000000000100.jsonl"))
                .satisfies(f -> assertThat(Files.readAllLines(f)).hasSize(50));
    }

    @Test
    void aRetryAfterAFailedFlushReplacesTheFileTheFailedAttemptMadeVisible() throws IOException {
        TweetSink failing = new JsonLinesFileSink(settings(), directory -> {
            throw new IOException("fsync failed");
        });
        failing.open();
        batch(0, 20).forEach(failing::write);
        assertThatThrownBy(failing::flush).isInstanceOf(DeliveryFailedException.class);
        failing.close();

        try (TweetSink retry = new JsonLinesFileSink(settings())) {
            retry.open();
            batch(0, 20).forEach(retry::write);
            assertThat(retry.flush()).isEqualTo(20);
        }

        assertThat(finishedFiles()).hasSize(1);
        assertThat(Files.readAllLines(finishedFiles().get(0))).hasSize(20);
        assertThat(allFiles()).hasSize(1);
    }

    @Test
    void unfinishedFilesOfACrashedRunAreDeletedWhenTheSinkOpens() throws IOException {
        Path leftover = Files.writeString(dir.resolve(".tweets-in-0-0000000000000000007.jsonl.1234.inprogress"),
                "{\"half\":");
        Path otherPrefix = Files.writeString(dir.resolve(".other-in-0-0000000000000000007.jsonl.1.inprogress"), "");

        TweetSink sink = new JsonLinesFileSink(settings());
        sink.open();

        assertThat(leftover).doesNotExist();
        assertThat(otherPrefix).as("another sink's files are not ours to delete").exists();
        sink.close();
    }

    @Test
    void theCleanUpLeavesAFileBeingWrittenAlone() {
        TweetSink writing = new JsonLinesFileSink(settings());
        writing.open();
        batch(0, 10).forEach(writing::write);

        List<Path> deleted = InProgressFiles.cleanLeftovers(dir, "tweets"); // as a second task opening beside it

        assertThat(deleted).isEmpty();
        assertThat(writing.flush()).isEqualTo(10);
        writing.close();
        assertThat(finishedFiles()).hasSize(1);
    }

    private static List<OutputRecord> batch(long fromOffset, int count) {
        return IntStream.range(0, count).mapToObj(i -> {
            Tweet tweet = new Tweet("user", "tweet " + (fromOffset + i), fromOffset + i);
            byte[] value = tweet.text().getBytes(StandardCharsets.UTF_8);
            return new OutputRecord(tweet, null, value, List.of(),
                    RawRecord.of(new SourcePosition("in", 3, fromOffset + i), null, value));
        }).toList();
    }

    private List<Path> finishedFiles() {
        return allFiles().stream().filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }

    private List<Path> allFiles() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
