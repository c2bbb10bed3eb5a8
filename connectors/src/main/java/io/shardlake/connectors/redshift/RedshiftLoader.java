package io.shardlake.connectors.redshift;

import static io.shardlake.connectors.redshift.RedshiftIdentifiers.quote;

import io.shardlake.connectors.objectstore.ObjectStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a run's published Parquet files into a Redshift table: the legacy sink, called after the
 * run's files are in the lake.
 *
 * <p>On one connection:
 * <ol>
 *   <li>The target table is created or gets new columns appended ({@link RedshiftTables}, columns
 *       matched by name); committed on its own. An incompatible table stops the load here with
 *       {@link IncompatibleTableException}; {@link #check} finds that earlier, before the run writes files.</li>
 *   <li>One transaction: create the temporary staging table {@code <table><suffix>} with the columns of
 *       the run's files in file order (COPY maps Parquet columns by position); fill it (one COPY of a manifest, or JDBC batches: {@link RedshiftLoadMode}); delete the target
 *       rows that staging replaces and insert the latest staged version per key, by column name
 *       ({@link RedshiftMerge});
 *       drop staging; commit.</li>
 * </ol>
 * Any failure rolls the transaction back, which also removes the staging table: the target is then
 * exactly as before, and the same run can simply be loaded again. Loading the same files twice
 * leaves the same rows (never duplicates). A run without files changes no rows.
 *
 * <p>Staging is a TEMP table, so loads of one table on different connections never see each
 * other's staging; the merge's DELETE locks the target until commit, so they queue there.
 * Thread-safe if the data source is.
 */
public final class RedshiftLoader {

    private static final Logger log = LoggerFactory.getLogger(RedshiftLoader.class);

    private final DataSource dataSource;
    private final RedshiftSettings settings;
    private final RedshiftDialect dialect;
    private final RedshiftTables tables;
    private final StagingLoad staging;

    /**
     * @param dataSource connections to the cluster (see {@link RedshiftSettings#jdbcUrl()})
     * @param dialect    {@link Redshift} in production
     * @param lake       where the run's files were published; COPY mode needs it to be S3
     */
    public RedshiftLoader(DataSource dataSource, RedshiftSettings settings, RedshiftDialect dialect, ObjectStore lake) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(lake, "lake");
        this.tables = new RedshiftTables(dialect, settings.schema());
        this.staging = settings.mode() == RedshiftLoadMode.COPY
                ? new CopyStagingLoad(dialect, lake, settings.iamRoleArn())
                : new BatchedInsertStagingLoad(lake, settings.batchSize());
    }

    /**
     * What loading {@code target} would do to its table, changing nothing: called before a run writes
     * any file, so a schema the table cannot take stops the pipeline before the lake is touched.
     *
     * @throws IncompatibleTableException when the existing table cannot take the schema
     * @throws RedshiftLoadException      when the table could not be read
     */
    public TableChange check(RedshiftTarget target) {
        String qualified = tables.qualifiedName(target);
        try (Connection connection = dataSource.getConnection()) {
            return tables.check(connection, target);
        } catch (SQLException e) {
            throw new RedshiftLoadException("could not check Redshift table " + qualified + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads {@code files} into the target: the data files of run {@code runId} at the keys where
     * they are once the run succeeded (after any partition replacement). A run loaded chunk by chunk
     * passes a load id per chunk, such as {@code <run id>-c2}, so two manifests never share a name.
     *
     * @throws IncompatibleTableException when the existing table cannot take the schema (nothing changed)
     * @throws RedshiftLoadException      when the load failed (rolled back; the target is unchanged)
     */
    public RedshiftLoadResult load(RedshiftTarget target, String runId, List<LakeFile> files) {
        String qualified = tables.qualifiedName(target);
        String quotedStaging = quote(stagingName(target));
        RedshiftManifest.requireRunId(runId);
        try (Connection connection = dataSource.getConnection()) {
            TableChange change = tables.ensure(connection, target);
            if (!change.unchanged()) {
                log.info("Redshift table {}: {}", qualified, change.created() ? "created" : "added columns " + change.addedColumns());
            }
            if (files.isEmpty()) {
                return new RedshiftLoadResult(change, 0, 0, 0);
            }
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute(dialect.createStagingTable(quotedStaging, target));
                long staged = staging.load(connection, quotedStaging, target, runId, files);
                long deleted = statement.executeUpdate(RedshiftMerge.deleteReplaced(qualified, quotedStaging,
                        target.keyColumns(), target.versionOrder()));
                long inserted = statement.executeUpdate(RedshiftMerge.insertLatest(qualified, quotedStaging,
                        target.columnNames(), target.keyColumns(), target.versionOrder()));
                statement.execute(RedshiftMerge.dropStaging(quotedStaging));
                connection.commit();
                log.info("Loaded run {} into Redshift table {}: {} rows staged, {} deleted, {} inserted",
                        runId, qualified, staged, deleted, inserted);
                return new RedshiftLoadResult(change, staged, deleted, inserted);
            } catch (Exception e) {
                Transactions.rollbackQuietly(connection, e);
                throw new RedshiftLoadException("loading run " + runId + " (" + files.size() + " files) into Redshift table "
                        + qualified + " failed and was rolled back, the table is unchanged: " + e.getMessage(), e);
            } finally {
                Transactions.restoreAutoCommit(connection, autoCommit);
            }
        } catch (IncompatibleTableException | RedshiftLoadException e) {
            throw e;
        } catch (Exception e) {
            throw new RedshiftLoadException("could not prepare Redshift table " + qualified + " for run " + runId + ": "
                    + e.getMessage(), e);
        }
    }

    /** The table versions of this loader's schema, on its connections (a rebuild's swap). */
    public RedshiftTableVersions tableVersions() {
        return new RedshiftTableVersions(dataSource, settings.schema());
    }

    /** {@code <table><suffix>}, checked against the dialect's identifier length. */
    String stagingName(RedshiftTarget target) {
        String name = target.table() + settings.stagingSuffix();
        if (name.length() > dialect.maxIdentifierLength()) {
            throw new IllegalArgumentException("staging table name '" + name + "' is " + name.length()
                    + " characters long; this database keeps at most " + dialect.maxIdentifierLength()
                    + "; shorten shardlake.redshift.staging-suffix");
        }
        return name;
    }
}
