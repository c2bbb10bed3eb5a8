package io.shardlake.engine.audit;

import java.util.Objects;

/**
 * One recorded action. The time is taken by the {@link AuditLog} from its clock.
 *
 * @param actor   the authenticated user name (never a password or token)
 * @param action  what was done, a stable lower-case verb phrase such as {@code pipeline.trigger},
 *                {@code pipeline.register}, {@code backfill.start}
 * @param subject what it was done to: a pipeline name, a run or backfill id
 * @param detail  short human-readable detail (a version, a date range); empty when there is none
 */
public record AuditEntry(String actor, String action, String subject, String detail) {

    public AuditEntry {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subject, "subject");
        detail = detail == null ? "" : detail;
    }
}
