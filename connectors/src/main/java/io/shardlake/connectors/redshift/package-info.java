/**
 * The legacy Redshift sink: after a run's Parquet files are published, {@link io.shardlake.connectors.redshift.RedshiftLoader}
 * loads them into a Redshift table through a temporary staging table and one merge transaction.
 *
 * <p>Rules kept by this package:
 * <ul>
 *   <li>The target table is created and evolved from the pipeline's {@link io.shardlake.transforms.schema.RowSchema}
 *       ({@link io.shardlake.connectors.redshift.RedshiftTables}), matching columns by name: new columns are
 *       appended, none is ever dropped or retyped. Incompatible tables are refused before any change, and
 *       {@link io.shardlake.connectors.redshift.RedshiftLoader#check} finds them before a run writes files.</li>
 *   <li>Staging has the run's files' column order (COPY maps Parquet columns by position), the merge moves
 *       rows to the target by column name, so a column the pipeline gains before its audit columns loads.</li>
 *   <li>Identifiers are lower-cased, checked and always quoted ({@link io.shardlake.connectors.redshift.RedshiftIdentifiers}).</li>
 *   <li>Per key the newest version wins, in staging and against the target: the greatest cursor value, on
 *       equal cursors the later extract ({@link io.shardlake.connectors.lake.VersionOrder}, the rule Athena's
 *       latest view applies too; {@link io.shardlake.connectors.redshift.RedshiftMerge}); loading the same
 *       files again never duplicates rows.</li>
 *   <li>A failed load is rolled back whole; the target is unchanged. Rows it could never take (a text value over
 *       {@code VARCHAR(65535)} bytes) are found before they are written ({@link io.shardlake.connectors.redshift.RedshiftRowLimit})
 *       and quarantined by the engine, so one bad row cannot fail every later load.</li>
 *   <li>Redshift-only SQL sits behind {@link io.shardlake.connectors.redshift.RedshiftDialect}; tests run every other
 *       statement, as written, on PostgreSQL (the Redshift JDBC driver refuses plain PostgreSQL).</li>
 * </ul>
 */
package io.shardlake.connectors.redshift;
