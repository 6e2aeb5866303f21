package io.tweetstream.domain.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.tweetstream.domain.Tweet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NormalizeTextTest {

    @ParameterizedTest(name = "[{index}] {2}")
    @CsvSource(delimiter = '|', textBlock = """
            '  hello world  '            | 'hello world'   | trims both ends
            'hello \t\n  world'          | 'hello world'   | collapses tabs and new lines
            'hello\u00A0\u2003world'     | 'hello world'   | collapses no-break and em spaces
            'zero\u200Bwidth'            | 'zero width'    | treats a zero-width space as a gap
            'cafe\u0301'                 | 'caf\u00E9'     | composes to NFC
            'already fine'               | 'already fine'  | leaves clean text alone
            '   '                        | ''              | blank becomes empty
            """)
    void normalizes(String input, String expected, String why) {
        assertThat(NormalizeText.normalize(input)).as(why).isEqualTo(expected);
    }

    @Test
    void keepsEmojiIntact() {
        String text = "ship it \uD83D\uDE80  \uD83D\uDC4D\uD83C\uDFFD";

        assertThat(new NormalizeText().apply(new Tweet("u", text, 1)))
                .extracting(Tweet::text)
                .containsExactly("ship it \uD83D\uDE80 \uD83D\uDC4D\uD83C\uDFFD");
    }
}
