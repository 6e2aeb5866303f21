package io.tweetstream.bootstrap.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmarks' {@code -Djob=key=value;key=value} system property: further job settings for every run, e.g.
 * {@code -Djob=spark.max-rate-per-partition=0;kafka.consumer.max.poll.records=500}.
 */
final class JobSettingsProperty {

    static Map<String, String> read() {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String setting : System.getProperty("job", "").split(";")) {
            if (!setting.isBlank()) {
                String[] kv = setting.split("=", 2);
                settings.put(kv[0].strip(), kv.length > 1 ? kv[1].strip() : "");
            }
        }
        return settings;
    }

    private JobSettingsProperty() {
    }
}
