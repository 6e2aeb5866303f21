package io.tweetstream.adapter.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tweetstream.application.fake.TweetSinkContract;
import io.tweetstream.application.port.out.TweetSink;
import io.tweetstream.domain.Tweet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file sink keeps the sink contract; and what is particular to files: atomic visibility, rolling. */
class JsonLinesFileSinkTest extends TweetSinkContract {

    @TempDir
    Path dir;

    private FileSinkSettings settings = null;

    @Override
    protected TweetSink newSink() {
        return new JsonLinesFileSink(settings());
    }

    private FileSinkSettings settings() {
        return settings != null ? settings
                : new FileSinkSettings(dir.toString(), "tweets", 1 << 20, Duration.ofMinutes(5));
    }

    /** Only finished files: a reader skips hidden ones, as Hadoop and Spark readers do. */
    @Override
    protected List<Tweet> delivered() {
        ObjectMapper json = new ObjectMapper();
        List<Tweet> tweets = new ArrayList<>();
        for (Path file : finishedFiles()) {
            try {
                for (String line : Files.readAllLines(file)) {
                    JsonNode node = json.readTree(line);
                    tweets.add(new Tweet(node.get("username").asText(), node.get("text").asText(),
                            node.get("timestamp").asLong()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return tweets;
    }

    @Test
    void nothingIsVisibleBeforeFlushAndNoTemporaryFileIsLeftAfter() throws IOException {
        TweetSink sink = newSink();
        sink.open();
        tweets(0, 100).forEach(t -> sink.write(record(t)));

        assertThat(finishedFiles()).isEmpty();
        assertThat(allFiles()).singleElement().satisfies(p -> assertThat(p.getFileName().toString()).startsWith("."));

        sink.flush();
        sink.close();
        assertThat(allFiles()).hasSize(1).allSatisfy(p -> assertThat(p.getFileName().toString()).endsWith(".jsonl"));
    }

    @Test
    void closingWithoutFlushDeletesTheUnfinishedFile() throws IOException {
        TweetSink sink = newSink();
        sink.open();
        tweets(0, 10).forEach(t -> sink.write(record(t)));
        sink.close();

        assertThat(allFiles()).isEmpty();
    }

    @Test
    void filesRollBySize() {
        settings = new FileSinkSettings(dir.toString(), "tweets", 2_000, Duration.ofMinutes(5));
        try (TweetSink sink = newSink()) {
            sink.open();
            tweets(0, 200).forEach(t -> sink.write(record(t)));
            assertThat(sink.flush()).isEqualTo(200);
        }

        assertThat(finishedFiles()).hasSizeGreaterThan(3);
        assertThat(delivered()).containsExactlyInAnyOrderElementsOf(tweets(0, 200));
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
