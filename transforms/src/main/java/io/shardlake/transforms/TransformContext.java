package io.shardlake.transforms;

import io.shardlake.transforms.schema.Utf8;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What the audit columns say about where and when a row was extracted. Made once per task, so
 * the values every row carries are encoded once, not per row.
 */
public final class TransformContext {

    private final String shard;
    private final Instant extractedAt;
    private final String runId;
    private final Long runSeq;
    private final Utf8 shardText;
    private final Utf8 runIdText;

    /** A context without a run sequence (a preview, which writes nothing): {@code _run_seq} is null. */
    public TransformContext(String shard, Instant extractedAt, String runId) {
        this(shard, extractedAt, runId, null);
    }

    /** @param runSeq the shard task's run sequence ({@link AuditColumns#RUN_SEQ}) */
    public TransformContext(String shard, Instant extractedAt, String runId, Long runSeq) {
        this.shard = shard;
        this.extractedAt = extractedAt == null ? null : extractedAt.truncatedTo(ChronoUnit.MILLIS);
        this.runId = runId;
        this.runSeq = runSeq;
        this.shardText = shard == null ? null : Utf8.of(shard);
        this.runIdText = runId == null ? null : Utf8.of(runId);
    }

    public String shard() {
        return shard;
    }

    /** The extraction time, in milliseconds like every timestamp column. */
    public Instant extractedAt() {
        return extractedAt;
    }

    public String runId() {
        return runId;
    }

    public Long runSeq() {
        return runSeq;
    }

    Utf8 shardText() {
        return shardText;
    }

    Utf8 runIdText() {
        return runIdText;
    }
}
