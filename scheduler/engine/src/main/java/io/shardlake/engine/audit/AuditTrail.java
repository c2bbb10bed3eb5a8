package io.shardlake.engine.audit;

/** Reading the audit log back, newest first, a bounded page at a time (API and audit page). */
public interface AuditTrail {

    AuditPage read(AuditQuery query);
}
