package io.shardlake.engine.audit;

import java.util.List;

/**
 * One page of the audit log, newest first.
 *
 * @param nextBeforeId pass as {@link AuditQuery#beforeId()} for the next (older) page; null on the last page
 */
public record AuditPage(List<AuditRecord> entries, Long nextBeforeId) {

    public AuditPage {
        entries = List.copyOf(entries);
    }
}
