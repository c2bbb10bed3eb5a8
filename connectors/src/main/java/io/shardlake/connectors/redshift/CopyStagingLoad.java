package io.shardlake.connectors.redshift;

import io.shardlake.connectors.objectstore.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * COPY mode: publishes the run's manifest next to the lake, runs one COPY of it into staging, and
 * deletes the manifest again whether the COPY worked or not.
 */
final class CopyStagingLoad implements StagingLoad {

    private static final Logger log = LoggerFactory.getLogger(CopyStagingLoad.class);

    private final RedshiftDialect dialect;
    private final ObjectStore lake;
    private final String iamRoleArn;

    CopyStagingLoad(RedshiftDialect dialect, ObjectStore lake, String iamRoleArn) {
        this.dialect = dialect;
        this.lake = lake;
        this.iamRoleArn = iamRoleArn;
    }

    @Override
    public long load(Connection connection, String quotedStaging, RedshiftTarget target, String runId,
                     List<LakeFile> files) throws Exception {
        String key = RedshiftManifest.key(target.table(), runId);
        String json = RedshiftManifest.json(lake, files);
        publish(key, json);
        try (Statement statement = connection.createStatement()) {
            statement.execute(dialect.copyParquetFromManifest(quotedStaging, RedshiftManifest.s3Uri(lake, key), iamRoleArn));
            try (ResultSet count = statement.executeQuery(RedshiftMerge.countStaged(quotedStaging))) {
                count.next();
                return count.getLong(1);
            }
        } finally {
            try {
                lake.delete(key);
            } catch (IOException e) {
                // Harmless leftover: outside every table folder, and the next load of this run replaces it.
                log.warn("Could not delete COPY manifest {}: {}", key, e.toString());
            }
        }
    }

    private void publish(String key, String json) throws IOException {
        Path local = Files.createTempFile("redshift-", ".manifest");
        try {
            Files.writeString(local, json, StandardCharsets.UTF_8);
            lake.publish(local, key);
        } finally {
            Files.deleteIfExists(local);
        }
    }
}
