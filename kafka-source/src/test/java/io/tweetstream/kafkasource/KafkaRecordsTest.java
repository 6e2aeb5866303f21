package io.tweetstream.kafkasource;

import static org.assertj.core.api.Assertions.assertThat;

import io.tweetstream.application.message.MessageHeader;
import io.tweetstream.application.message.RawRecord;
import io.tweetstream.application.message.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class KafkaRecordsTest {

    @Test
    void aKafkaRecordKeepsItsPositionTimestampKeyValueAndHeaders() {
        byte[] key = "k".getBytes(StandardCharsets.UTF_8);
        byte[] value = {1, 2, 3};
        RecordHeaders headers = new RecordHeaders(List.of(new RecordHeader("trace", new byte[] {9}),
                new RecordHeader("empty", null)));
        ConsumerRecord<byte[], byte[]> kafka = new ConsumerRecord<>("in", 2, 42L, 1_700_000_000_000L,
                TimestampType.CREATE_TIME, key.length, value.length, key, value, headers, Optional.empty());

        RawRecord raw = KafkaRecords.asRawRecords(List.of(kafka).iterator()).next();

        assertThat(raw.source()).isEqualTo(new SourcePosition("in", 2, 42L));
        assertThat(raw.timestampMillis()).isEqualTo(1_700_000_000_000L);
        assertThat(raw.key()).isEqualTo(key);
        assertThat(raw.value()).isEqualTo(value);
        assertThat(raw.headers()).containsExactly(new MessageHeader("trace", new byte[] {9}),
                new MessageHeader("empty", null));
    }
}
