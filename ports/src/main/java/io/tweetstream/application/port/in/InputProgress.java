package io.tweetstream.application.port.in;

import io.tweetstream.application.message.GroupMember;
import io.tweetstream.application.message.SourcePosition;
import java.util.List;
import java.util.Objects;

/**
 * What an exactly-once batch commits besides its outputs: the input positions that follow it (the next offset to
 * read, per partition) for the consumer group, and under which transactional identity.
 *
 * @param transactionalId stable for the same slice of input across restarts and attempts (e.g. job, topic and
 *                        partition; or job and reader): opening it fences every earlier holder, so a zombie attempt
 *                        can never commit after its successor
 * @param next            per input partition, the position after the batch's last record
 * @param committer       who commits the group's offsets
 */
public record InputProgress(String transactionalId, List<SourcePosition> next, GroupMember committer) {

    public InputProgress {
        Objects.requireNonNull(transactionalId, "transactionalId");
        next = List.copyOf(next);
        Objects.requireNonNull(committer, "committer");
    }
}
