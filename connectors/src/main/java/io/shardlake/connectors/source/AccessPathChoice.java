package io.shardlake.connectors.source;

import java.util.Locale;

/**
 * The access path a shard task reads its window with, and the replica's own estimates it was
 * chosen from.
 *
 * @param windowRows the optimizer's estimate of the rows in the window
 * @param tableRows  the optimizer's estimate of the rows in the table
 */
public record AccessPathChoice(AccessPath path, long windowRows, long tableRows) {

    /**
     * Reads in primary-key order when the window holds at least {@code primaryKeyScanFraction} of
     * the table: past that share, one sequential pass over every row costs the replica less than a
     * random clustered-index lookup per window row. 0 always scans, above 1 never does. An empty
     * table (or one without statistics) keeps the cursor index.
     */
    public static AccessPathChoice decide(long windowRows, long tableRows, double primaryKeyScanFraction) {
        boolean scan = tableRows > 0 && windowRows >= primaryKeyScanFraction * tableRows;
        return new AccessPathChoice(scan ? AccessPath.PRIMARY_KEY : AccessPath.CURSOR_INDEX, windowRows, tableRows);
    }

    /** For logs and pages: "primary-key scan (window ~2,900,000 of ~3,000,000 rows)". */
    public String describe() {
        return String.format(Locale.ROOT, "%s (window ~%,d of ~%,d rows)", path.label(), windowRows, tableRows);
    }
}
