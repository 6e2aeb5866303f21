package io.tweetstream.application.message;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * Who commits a consumer group's offsets inside an output transaction. A member of the group (an in-process reader,
 * with the generation and member id its last rebalance gave it) lets the broker fence a reader that lost its
 * partitions; a worker {@linkplain #outsideTheGroup outside the group} (a Spark task: the job reads assigned
 * partitions, so the group has no members) commits with no generation, which the broker accepts for a group without
 * members.
 */
public record GroupMember(String groupId, int generationId, String memberId, Optional<String> groupInstanceId)
        implements Serializable {

    /** Kafka's "no generation": the commit is not tied to a group membership. */
    public static final int NO_GENERATION = -1;

    public GroupMember {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(groupInstanceId, "groupInstanceId");
    }

    /** A committer that is not a member of {@code groupId}. */
    public static GroupMember outsideTheGroup(String groupId) {
        return new GroupMember(groupId, NO_GENERATION, "", Optional.empty());
    }
}
