package io.tweetstream.adapter.spark;

import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.util.Utils;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Spark settings as they may be printed, redacted by Spark's own rule, as its UI, event logs and
 * {@code spark-submit --verbose} apply it: a value whose key or value matches {@code spark.redaction.regex} (the
 * settings' own, else Spark's default, which matches {@code secret}, {@code password}, {@code token},
 * {@code access.key}) is replaced by Spark's redaction text.
 */
final class SparkSecrets {

    private SparkSecrets() {
    }

    static Map<String, String> redacted(Map<String, String> sparkConfig) {
        // Utils is Spark's internal utility object (public in byte code); its redact(Map) reads the regex from the
        // settings themselves, falling back to the default, which is exactly the convention to follow.
        var pairs = Utils.redact(CollectionConverters.asScala(sparkConfig));
        Map<String, String> shown = new TreeMap<>();
        CollectionConverters.asJava(pairs).forEach((Tuple2<String, String> pair) -> shown.put(pair._1(), pair._2()));
        return shown;
    }
}
