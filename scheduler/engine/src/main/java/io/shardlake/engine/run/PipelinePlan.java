package io.shardlake.engine.run;

import io.shardlake.connectors.parquet.ParquetOptions;
import io.shardlake.connectors.redshift.RedshiftRowLimit;
import io.shardlake.connectors.source.AccessPath;
import io.shardlake.connectors.source.ExtractQuery;
import io.shardlake.connectors.source.JoinedTable;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.transforms.AuditColumns;
import io.shardlake.transforms.CompiledTransform;
import io.shardlake.transforms.Deduplicator;
import io.shardlake.transforms.Partitioner;
import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.spec.ColumnMapping;
import io.shardlake.transforms.spec.TransformSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A definition compiled once per run and shared by its shard tasks: the query, the transform,
 * partitioning, dedupe and Parquet options. Everything here is immutable.
 *
 * @param dedupeKeyHoldsPrimaryKey whether the dedupe key holds every primary-key column as output
 *                                 and no row is exploded: then two output rows of one read in
 *                                 primary-key order never share a dedupe key, and dedupe is a no-op
 * @param redshiftLimit            the rows the pipeline's Redshift table cannot hold; null when the
 *                                 pipeline does not load Redshift
 * @param live                     where the live version of the table is (version 1 in its own folder
 *                                 unless the runner was told otherwise, see {@link #at})
 */
public record PipelinePlan(PipelineDefinition definition, ExtractQuery query, CompiledTransform transform,
                           Partitioner partitioner, Deduplicator deduplicator, ParquetOptions parquet,
                           boolean dedupeKeyHoldsPrimaryKey, RedshiftRowLimit redshiftLimit, LiveVersion live) {

    /** The output column of a joined view's version (see {@link #versionColumn()}). */
    public static final String VERSION_COLUMN = "_version";

    /**
     * The output column that marks a tombstone, in tables whose rows can be deleted: true for a row
     * whose source row was deleted (or whose inner-joined row was); {@code _latest} and the Redshift
     * merge treat its key as gone.
     */
    public static final String DELETED_COLUMN = AuditColumns.DELETED;

    /** Whether rows of a key can land outside the scheduled windows (entity events), so any version may be one loaded before. */
    public boolean takesEvents() {
        return definition.source().eventBatching() != null;
    }

    /** Whether the pipeline reconciles its keys, so its tasks record the keys they write (see {@code KeyDelta}). */
    public boolean keepsKeyIndex() {
        return definition.source().reconcile() != null;
    }

    /** The position of {@code _deleted} among the source columns read, or -1 when rows cannot be tombstones. */
    public int deletedPosition() {
        return query.selectColumns().indexOf(ExtractQuery.DELETED);
    }

    public static PipelinePlan of(PipelineDefinition d) {
        TransformSpec spec = d.transform();
        List<JoinedTable> joins = d.source().joins().stream()
                .map(j -> j.type() == JoinedTable.Kind.MANY
                        ? new JoinedTable(j.name(), j.table(), j.type(), d.source().primaryKey().get(0), j.column(), j.key(), j.cursor(),
                                j.aggregates(), j.softDelete(), null)
                        : j.connection() != null ? JoinedTable.lookup(j.name(), j.connection(), j.table(), j.column(), j.key(), j.cursor(),
                                j.softDelete())
                        : JoinedTable.manyToOne(j.name(), j.table(), j.column(), j.key(), j.type() == JoinedTable.Kind.INNER, j.cursor(),
                                j.softDelete()))
                .toList();
        // what the replica computes for a row besides its columns: a joined view's version, whether it is a tombstone
        List<ColumnMapping> columns = new ArrayList<>(spec.columns());
        if (!joins.isEmpty()) {
            // a joined view's rows carry their version: the greatest cursor of the rows each was built from
            columns.add(new ColumnMapping(VERSION_COLUMN, ExtractQuery.VERSION, ColumnType.TIMESTAMP));
        }
        if (ExtractQuery.hasDeletes(d.source().softDelete(), joins) || d.source().eventBatching() != null || d.source().cdc()) {
            columns.add(new ColumnMapping(DELETED_COLUMN, ExtractQuery.DELETED, ColumnType.BOOLEAN));
        }
        spec = new TransformSpec(columns, spec.json(), spec.derived(), spec.dedupeKey());
        CompiledTransform transform = CompiledTransform.compile(spec);
        ExtractQuery query = new ExtractQuery(d.source().table(), transform.sourceColumns(), d.source().cursor(), d.source().primaryKey(),
                joins, d.source().softDelete());
        Partitioner partitioner = new Partitioner(transform.outputSchema(), d.partition().column(), d.partition().granularity());
        Deduplicator dedupe = null;
        if (!d.transform().dedupeKey().isEmpty()) {
            dedupe = new Deduplicator(transform.outputSchema(), d.transform().dedupeKey(), versionColumn(d, transform));
        }
        ParquetOptions parquet = ParquetOptions.defaults()
                .withCompression(d.target().compression())
                .withTargetFileBytes(d.target().fileSizeBytes());
        RedshiftRowLimit redshiftLimit = d.target().redshift() ? RedshiftRowLimit.of(transform.outputSchema()) : null;
        return new PipelinePlan(d, query, transform, partitioner, dedupe, parquet, dedupeKeyHoldsPrimaryKey(d, transform),
                redshiftLimit, LiveVersion.first(d.target().table()));
    }

    /** This plan writing and showing the table's live version {@code live}. */
    public PipelinePlan at(LiveVersion live) {
        return new PipelinePlan(definition, query, transform, partitioner, deduplicator, parquet, dedupeKeyHoldsPrimaryKey, redshiftLimit,
                live);
    }

    /**
     * The output column whose greatest value is a key's newest version: the cursor's, or for a
     * joined view {@value #VERSION_COLUMN}, the greatest cursor of the rows the view row was built from.
     */
    public String versionColumn() {
        return versionColumn(definition, transform);
    }

    private static String versionColumn(PipelineDefinition d, CompiledTransform transform) {
        String source = d.source().joins().isEmpty() ? d.source().cursor() : ExtractQuery.VERSION;
        int position = transform.outputPositionOfSource(source);
        if (position < 0) {
            throw new IllegalArgumentException("the cursor '" + source + "' of pipeline " + d.name()
                    + " is not among its output columns; Athena's latest view and the Redshift merge need it: map it in transform.columns");
        }
        return transform.outputSchema().column(position).name();
    }

    /**
     * Whether a read can return no two rows of one dedupe key once each key value comes once:
     * every primary-key column is mapped straight to an output column of the dedupe key (a cast
     * of an integer or text key keeps distinct keys distinct) and no extraction explodes a row.
     */
    private static boolean dedupeKeyHoldsPrimaryKey(PipelineDefinition d, CompiledTransform transform) {
        if (d.transform().dedupeKey().isEmpty() || d.transform().json().stream().anyMatch(j -> j.explode() != null)) {
            return false;
        }
        for (String key : d.source().primaryKey()) {
            int output = transform.outputPositionOfSource(key);
            if (output < 0) {
                return false;
            }
            Column column = transform.outputSchema().column(output);
            boolean injective = switch (column.type().kind()) {
                case BIGINT, INT, STRING -> true;
                default -> false;
            };
            if (!injective || !d.transform().dedupeKey().contains(column.name())) {
                return false;
            }
        }
        return true;
    }

    /** Whether rows read on {@code path} need the dedupe step (see {@link #dedupeKeyHoldsPrimaryKey}). */
    public boolean dedupes(AccessPath path) {
        return deduplicator != null && !(path == AccessPath.PRIMARY_KEY && dedupeKeyHoldsPrimaryKey);
    }

    /**
     * Why a sink of the pipeline cannot take this output row, or null. Such a row is quarantined, not
     * written: the sinks load the lake's files, so the lake and every sink keep the same rows.
     */
    public String sinkRefusal(Object[] row) {
        return redshiftLimit == null ? null : redshiftLimit.refusal(row);
    }

    /**
     * The source row of a tombstone for {@code key}, deleted as of {@code observed}: the key, the
     * cursor (and a joined view's version) at the time the delete was seen, {@code _deleted} set,
     * and the column the table is partitioned by, when it is a kept source column, at that time too,
     * so the tombstone lands in that time's partition; everything else null.
     */
    public Object[] tombstone(List<Object> key, java.time.Instant observed) {
        List<String> select = query.selectColumns();
        Object[] values = new Object[select.size()];
        int[] keys = query.keyPositions();
        for (int i = 0; i < keys.length; i++) {
            values[keys[i]] = key.get(i);
        }
        values[query.cursorPosition()] = observed;
        values[query.versionPosition()] = observed;
        values[select.indexOf(ExtractQuery.DELETED)] = 1L;
        definition.transform().columns().stream().filter(c -> c.name().equals(partitioner.column())).findFirst()
                .ifPresent(c -> values[select.indexOf(c.from())] = observed);
        return values;
    }

    public String name() {
        return definition.name();
    }
}
