package io.tweetstream.bootstrap.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pass-through values Kafka or Spark would accept but that break the job's guarantee (nothing lost, nothing
 * committed past a failure): refused before anything starts, naming the setting and why.
 */
final class UnsafeSettings {

    private UnsafeSettings() {
    }

    static void check(Map<String, String> written, List<String> problems) {
        written.forEach((key, value) -> {
            String v = value.strip();
            if (key.equals("spark.conf.spark.streaming.concurrentJobs") && !v.equals("1")) {
                problems.add(key + " must stay 1, got '" + value + "': with several batches running at once, a later "
                        + "batch can commit its offsets while an earlier one fails, and the earlier one's records are "
                        + "skipped for good");
            }
            String producerKey = producerKey(key);
            if (producerKey == null) {
                return;
            }
            switch (producerKey) {
                case "acks" -> {
                    if (!Set.of("all", "-1").contains(v.toLowerCase(java.util.Locale.ROOT))) {
                        problems.add(key + " must stay all, got '" + value + "': a batch is committed once its "
                                + "records are acknowledged, so they must be on every in-sync replica by then");
                    }
                }
                case "enable.idempotence" -> {
                    if (!v.equalsIgnoreCase("true")) {
                        problems.add(key + " must stay true, got '" + value + "': without idempotence a retried "
                                + "send can duplicate or reorder records");
                    }
                }
                case "max.in.flight.requests.per.connection" -> {
                    if (!v.matches("[1-5]")) {
                        problems.add(key + " must be 1 to 5, got '" + value + "': idempotence keeps order only up "
                                + "to 5 requests in flight");
                    }
                }
                default -> {
                    // any other producer setting is the user's to tune
                }
            }
        });
    }

    /** The producer setting a key reaches ({@code kafka.producer.x} or {@code kafka.client.x}), or null. */
    private static String producerKey(String key) {
        for (String prefix : List.of(PassThrough.PRODUCER.prefix(), PassThrough.CLIENT.prefix())) {
            if (key.startsWith(prefix)) {
                return key.substring(prefix.length());
            }
        }
        return null;
    }
}
