package io.shardlake.connectors.redshift;

import static io.shardlake.connectors.redshift.RedshiftIdentifiers.quote;

import io.shardlake.connectors.lake.VersionOrder;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The two statements that move a staging table into its target, in one transaction. The same text
 * runs on Redshift and PostgreSQL (Redshift's DELETE takes no alias for its target, so target
 * columns are qualified with the table's full name).
 *
 * <p>Which version of a key wins: the newest by the target's {@link VersionOrder} (the greatest
 * cursor; on equal cursors the later extract, by {@code _run_seq}), the rule Athena's latest view
 * applies too. Staging may hold several versions of a key (a run's window saw the row change twice,
 * or two files carry it); the target may already hold a newer one (a backfill re-runs an old window
 * after newer runs loaded, or runs are delivered out of order).
 * <ol>
 *   <li>DELETE removes each target row for which staging has a version at least as new. A version
 *       equal in every ordering column replaces, so re-loading the same files is a no-op in effect:
 *       the same rows are deleted and inserted again, never duplicated.</li>
 *   <li>INSERT adds, per key, the newest staged version, unless the target still holds that key,
 *       which then means its row is newer than every staged version. Two staged versions equal in
 *       every ordering column are one version of the source row read twice; either is inserted.</li>
 * </ol>
 */
final class RedshiftMerge {

    /** Column added by the dedupe's window; {@link RedshiftTarget} refuses a schema column of this name. */
    static final String VERSION_RANK = "shardlake_version_rank";

    private RedshiftMerge() {
    }

    static String deleteReplaced(String qualifiedTarget, String quotedStaging, List<String> keys, VersionOrder order) {
        String keyMatch = keys.stream()
                .map(k -> qualifiedTarget + "." + quote(k) + " = " + quotedStaging + "." + quote(k))
                .collect(Collectors.joining(" AND "));
        return "DELETE FROM " + qualifiedTarget + " USING " + quotedStaging + " WHERE " + keyMatch + " AND "
                + order.atLeastAsNew(c -> quotedStaging + "." + quote(c), c -> qualifiedTarget + "." + quote(c));
    }

    static String insertLatest(String qualifiedTarget, String quotedStaging, List<String> columns, List<String> keys,
                               VersionOrder order) {
        String columnList = columns.stream().map(RedshiftIdentifiers::quote).collect(Collectors.joining(", "));
        String partition = keys.stream().map(RedshiftIdentifiers::quote).collect(Collectors.joining(", "));
        String keyMatch = keys.stream()
                .map(k -> "kept." + quote(k) + " = latest." + quote(k))
                .collect(Collectors.joining(" AND "));
        return "INSERT INTO " + qualifiedTarget + " (" + columnList + ") SELECT " + columnList + " FROM (SELECT "
                + columnList + ", ROW_NUMBER() OVER (PARTITION BY " + partition + " ORDER BY "
                + order.newestFirst(RedshiftIdentifiers::quote) + ") AS " + VERSION_RANK + " FROM " + quotedStaging
                + ") AS latest WHERE " + VERSION_RANK + " = 1 AND NOT EXISTS (SELECT 1 FROM " + qualifiedTarget
                + " AS kept WHERE " + keyMatch + ")";
    }

    static String dropStaging(String quotedStaging) {
        return "DROP TABLE " + quotedStaging;
    }

    static String countStaged(String quotedStaging) {
        return "SELECT COUNT(*) FROM " + quotedStaging;
    }
}
