package io.tweetstream.adapter.kafka;

import io.tweetstream.application.message.DeadLetter;
import io.tweetstream.application.port.out.DeadLetterSink;
import io.tweetstream.application.port.out.TaskResources;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a record that could not be processed to the dead-letter topic: its original key, bytes and headers, plus
 * headers that say why and where it came from (UTF-8 text), bounded to what the producer accepts
 * ({@link DeadLetterRecords}). A dead letter Kafka refuses anyway fails the batch: there is nowhere else to put it.
 */
final class KafkaDeadLetterSink extends PooledKafkaSink<DeadLetter> implements DeadLetterSink {

    private final DeadLetterRecords records;

    KafkaDeadLetterSink(ProducerPool pool, TaskResources shared, DeadLetterRecords records) {
        super(pool, shared);
        this.records = records;
    }

    @Override
    ProducerRecord<byte[], byte[]> toProducerRecord(DeadLetter deadLetter) {
        return records.toRecord(deadLetter);
    }

    @Override
    String describe(DeadLetter deadLetter) {
        return "the dead letter of the record read at " + deadLetter.original().source();
    }
}
