package io.shardlake.connectors.redshift;

/**
 * What one load did.
 *
 * @param tableChange  what was done to the target table first (created, columns appended, nothing)
 * @param rowsStaged   rows the run's files put into staging
 * @param rowsDeleted  target rows replaced by a staged version at least as new
 * @param rowsInserted rows inserted: per key, the latest staged version, unless the target kept a
 *                     newer one. {@code rowsStaged - rowsInserted} are older duplicates and stale versions.
 */
public record RedshiftLoadResult(TableChange tableChange, long rowsStaged, long rowsDeleted, long rowsInserted) {
}
