package io.shardlake.engine.audit;

/**
 * Where every change and action is recorded, with who did it and when: pipeline registrations and
 * edits, triggers, pauses, resumes, backfills and cancellations. Callers record after the action
 * took effect, so the log never claims an action that was refused.
 */
public interface AuditLog {

    /** Records nothing: for tests and tools that run engine parts without a metadata database. */
    AuditLog NONE = entry -> { };

    void record(AuditEntry entry);
}
