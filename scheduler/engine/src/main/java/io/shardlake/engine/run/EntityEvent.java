package io.shardlake.engine.run;

import java.time.Instant;
import java.util.List;

/**
 * An application's word that one entity changed: the pipeline whose source row it is, the shard,
 * the row's primary key (values in key-column order), whether it was upserted or deleted, and
 * optionally the {@code updated_at} it changed at. The service reads the row from the replica
 * itself; the event only says which.
 */
public record EntityEvent(String pipeline, String shard, List<Object> key, Op op, Instant updatedAt) {

    /** What the application says happened; a delete is verified against the replica (the key must be gone). */
    public enum Op {
        UPSERT, DELETE,
        /**
         * Load the row even if its version is older than the shard's tail digest: a reconciliation
         * found the key missing from the lake, so no window loaded that version. Not accepted from
         * HTTP or queues.
         */
        RELOAD
    }

    public EntityEvent {
        key = List.copyOf(key);
    }
}
