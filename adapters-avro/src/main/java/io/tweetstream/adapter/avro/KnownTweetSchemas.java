package io.tweetstream.adapter.avro;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * The writer schemas a single-object reader can resolve, by fingerprint: always the current {@code tweet.avsc},
 * plus any other version a producer may still (or already) write.
 *
 * <p>Schema evolution without a stop-the-world migration: a producer on a newer schema (fields added with
 * defaults) and this job on the current one keep working as long as the job knows the producer's schema. When
 * {@code tweet.avsc} moves on, keep the previous version here, so payloads of producers not yet upgraded still
 * decode.
 */
final class KnownTweetSchemas implements SchemaStore {

    private final Map<Long, Schema> byFingerprint;

    private KnownTweetSchemas(Map<Long, Schema> byFingerprint) {
        this.byFingerprint = Map.copyOf(byFingerprint);
    }

    /** What ships with this build: the current schema only, for now. */
    static KnownTweetSchemas bundled() {
        return withOthers(List.of());
    }

    /** The current schema plus {@code others}, e.g. a newer producer's version. */
    static KnownTweetSchemas withOthers(Collection<Schema> others) {
        Map<Long, Schema> schemas = new LinkedHashMap<>();
        add(schemas, io.tweetstream.adapter.avro.generated.Tweet.getClassSchema());
        others.forEach(schema -> add(schemas, schema));
        return new KnownTweetSchemas(schemas);
    }

    @Override
    public Schema findByFingerprint(long fingerprint) {
        return byFingerprint.get(fingerprint);
    }

    Collection<Schema> schemas() {
        return byFingerprint.values();
    }

    /** For failure reasons: which fingerprints a payload may carry. */
    String describeFingerprints() {
        return byFingerprint.keySet().stream().sorted().map(DecodeFailures::fingerprint)
                .collect(Collectors.joining(", "));
    }

    private static void add(Map<Long, Schema> schemas, Schema schema) {
        schemas.put(SchemaNormalization.parsingFingerprint64(schema), schema);
    }
}
