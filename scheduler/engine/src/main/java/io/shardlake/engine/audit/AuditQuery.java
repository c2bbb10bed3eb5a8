package io.shardlake.engine.audit;

/**
 * Which entries to read, newest first: optional exact filters (null or blank: any) and a page of at
 * most {@link #MAX_LIMIT} entries recorded before {@code beforeId} (null: from the newest).
 */
public record AuditQuery(String actor, String action, String subject, Long beforeId, int limit) {

    public static final int MAX_LIMIT = 500;
    public static final int DEFAULT_LIMIT = 50;

    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit: must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        if (beforeId != null && beforeId < 1) {
            throw new IllegalArgumentException("before: must be an entry id (1 or more), was " + beforeId);
        }
        actor = blankToNull(actor);
        action = blankToNull(action);
        subject = blankToNull(subject);
    }

    /** The newest {@link #DEFAULT_LIMIT} entries, unfiltered. */
    public static AuditQuery newest() {
        return new AuditQuery(null, null, null, null, DEFAULT_LIMIT);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
