package io.tweetstream.adapter.spark;

import java.util.Arrays;
import org.apache.spark.Partitioner;

/**
 * Spreads records over the processing partitions by the content of their Kafka key, so all records of a key
 * land in one partition in their original order (a plain {@code repartition} would scatter them).
 * Keyless records are spread by offset.
 */
final class KeyHashPartitioner extends Partitioner {

    private static final long serialVersionUID = 1L;

    private final int partitions;

    KeyHashPartitioner(int partitions) {
        this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        ShuffleKey k = (ShuffleKey) key;
        int hash = k.key() == null ? Long.hashCode(k.offset()) : Arrays.hashCode(k.key());
        return Math.floorMod(hash, partitions);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyHashPartitioner other && other.partitions == partitions;
    }

    @Override
    public int hashCode() {
        return partitions;
    }

    /**
     * The shuffle key: the record key, and the offset for keyless records. A plain class, not a record:
     * Kryo sets fields reflectively, which Java forbids on a record's final fields.
     */
    static final class ShuffleKey implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final byte[] key;
        private final long offset;

        ShuffleKey(byte[] key, long offset) {
            this.key = key;
            this.offset = offset;
        }

        byte[] key() {
            return key;
        }

        long offset() {
            return offset;
        }
    }
}
