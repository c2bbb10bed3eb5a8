/**
 * Athena tables over the lake's Parquet: DDL, schema evolution and a statement runner.
 *
 * <p>Rules kept by this package:
 * <ul>
 *   <li>Column types are read off the Parquet schema the writer uses
 *       ({@link io.shardlake.connectors.athena.AthenaTypes}), so a table declares what its files hold.</li>
 *   <li>One external table per target at {@code s3://<bucket>/<prefix>/<table>/}, partitioned by the
 *       {@code dt} folder key (a string in the granularity's format); partition projection by default,
 *       so new folders need no catalog call; {@code ADD PARTITION} only when asked for.</li>
 *   <li>Columns are only appended; a change Athena cannot read old files with is refused
 *       ({@link io.shardlake.connectors.athena.IncompatibleSchemaException}) before any statement runs.</li>
 *   <li>A {@code <table>_latest} view gives the newest version of each primary key.</li>
 *   <li>Statements are polled with an injected clock and sleeper; a failure carries Athena's reason and
 *       the statement.</li>
 * </ul>
 */
package io.shardlake.connectors.athena;
