package io.shardlake.engine.audit;

import java.time.Instant;

/** One entry as stored: its place in the log ({@code id}, increasing in recording order) and when. */
public record AuditRecord(long id, Instant at, String actor, String action, String subject, String detail) {
}
