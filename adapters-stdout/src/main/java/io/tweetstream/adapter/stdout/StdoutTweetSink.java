package io.tweetstream.adapter.stdout;

import io.tweetstream.application.message.DeliveryFailedException;
import io.tweetstream.application.message.OutputRecord;
import io.tweetstream.application.port.out.TweetSink;
import io.tweetstream.domain.Tweet;
import java.io.PrintStream;

/**
 * Prints {@code <prefix>@user [timestamp] text}, one line per tweet (a line break or backslash in the text is written
 * {@code \n}, {@code \r}, {@code \\}); a batch counts as delivered once the stream flushed cleanly.
 */
final class StdoutTweetSink implements TweetSink {

    private final PrintStream out;
    private final String prefix;
    private boolean open;
    private long written;

    StdoutTweetSink(PrintStream out, String prefix) {
        this.out = out;
        this.prefix = prefix;
    }

    @Override
    public void open() {
        open = true;
        written = 0;
    }

    @Override
    public void write(OutputRecord record) {
        if (!open) {
            throw new IllegalStateException("write() on a sink that is not open");
        }
        Tweet tweet = record.tweet();
        out.println(prefix + "@" + tweet.username() + " [" + tweet.timestamp() + "] " + oneLine(tweet.text()));
        written++;
    }

    @Override
    public long flush() {
        out.flush();
        long flushed = written;
        written = 0;
        if (out.checkError()) { // PrintStream swallows I/O errors; this is where they show
            throw new DeliveryFailedException("standard output reported an error", 0, null);
        }
        return flushed;
    }

    @Override
    public void close() {
        open = false;
    }

    static String oneLine(String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }
}
