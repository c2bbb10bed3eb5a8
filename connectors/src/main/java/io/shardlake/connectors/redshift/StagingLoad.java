package io.shardlake.connectors.redshift;

import java.sql.Connection;
import java.util.List;

/** Fills the (empty, just created) staging table with a run's files, inside the load's transaction. */
interface StagingLoad {

    /** @return rows put into staging */
    long load(Connection connection, String quotedStaging, RedshiftTarget target, String runId, List<LakeFile> files)
            throws Exception;
}
