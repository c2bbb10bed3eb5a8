package io.shardlake.connectors.binlog;

/**
 * What one read of a shard's binlog took (its changes went to the caller's handler).
 *
 * @param changes          row changes of the followed table taken
 * @param lastCommitMillis when the source committed the last transaction holding one of them (0: none)
 * @param end              the position after the last transaction taken (the start, when none was)
 * @param ddl              a statement changing the followed table that the read stopped before (the
 *                         next read's first), or null
 * @param ddlApplied       a statement changing the followed table that this read started with and
 *                         took; the rows after it were read with the table's current columns
 * @param reachedHead      whether the read got to the server's position as of its start (false: it
 *                         stopped at its limit or before a DDL, and more is waiting)
 */
public record BinlogBatch(long changes, long lastCommitMillis, BinlogPosition end, String ddl, String ddlApplied, boolean reachedHead) {
}
