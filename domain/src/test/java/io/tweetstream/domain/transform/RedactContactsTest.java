package io.tweetstream.domain.transform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactContactsTest {

    @ParameterizedTest(name = "[{index}] {2}")
    @CsvSource(delimiter = '|', textBlock = """
            'mail me at jane.doe+news@example.co.uk!' | 'mail me at [email]!'          | an e-mail with plus and sub-domains
            'a@b.io and c_d@e-f.org'                  | '[email] and [email]'          | two e-mails
            'call +1 (555) 123-4567 now'              | 'call [phone] now'             | an international number
            'call 555-1234'                           | 'call [phone]'                 | a seven-digit local number
            'ring 020 7946 0958.'                     | 'ring [phone].'                | a spaced UK number
            'back in 2014, 42 times'                  | 'back in 2014, 42 times'       | years and counts are not phones
            'order #123456 shipped'                   | 'order #123456 shipped'        | six digits are not a phone
            'see @alice and #kafka'                   | 'see @alice and #kafka'        | mentions and hashtags are kept
            'id 1234567890123456789'                  | 'id 1234567890123456789'       | too long for a phone number
            """)
    void masks(String input, String expected, String why) {
        assertThat(RedactContacts.redact(input)).as(why).isEqualTo(expected);
    }
}
