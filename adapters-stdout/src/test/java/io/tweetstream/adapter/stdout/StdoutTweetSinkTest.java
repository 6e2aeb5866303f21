package io.tweetstream.adapter.stdout;

import io.tweetstream.application.fake.TweetSinkContract;
import io.tweetstream.application.port.out.TweetSink;
import io.tweetstream.domain.Tweet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The stdout sink keeps the sink contract; what it printed is read back from the lines. */
class StdoutTweetSinkTest extends TweetSinkContract {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @Override
    protected TweetSink newSink() {
        return new StdoutTweetSink(new PrintStream(printed, false, StandardCharsets.UTF_8), "> ");
    }

    @Override
    protected List<Tweet> delivered() {
        return printed.toString(StandardCharsets.UTF_8).lines().map(StdoutTweetSinkTest::parse).toList();
    }

    private static Tweet parse(String line) {
        int space = line.indexOf(" [");
        int close = line.indexOf("] ", space);
        return new Tweet(line.substring("> @".length(), space), unescape(line.substring(close + 2)),
                Long.parseLong(line.substring(space + 2, close)));
    }

    private static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                char next = text.charAt(++i);
                out.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
