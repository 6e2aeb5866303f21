package io.tweetstream.application.fake;

import io.tweetstream.application.port.out.TweetCodec;
import io.tweetstream.domain.Tweet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The input the engine tests feed: tweets whose text is {@code "tweet <n>"} (so a reader can check content, order and
 * duplicates), written by one of a few users whose name is the record key (so per-key order can be checked).
 */
public final class NumberedTweets {

    private NumberedTweets() {
    }

    /**
     * Key/value pairs for tweets {@code from} to {@code from + count - 1}.
     *
     * @param users how many distinct users (keys) the tweets are spread over
     * @param firstTimestamp the timestamp of tweet 0; tweet n has {@code firstTimestamp + n}
     */
    public static List<byte[][]> keyed(TweetCodec codec, int from, int count, int users, long firstTimestamp) {
        List<byte[][]> records = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            String user = "user-" + (i % users);
            records.add(new byte[][] {user.getBytes(StandardCharsets.UTF_8),
                    codec.encode(new Tweet(user, "tweet " + i, firstTimestamp + i))});
        }
        return records;
    }
}
