package io.shardlake.app.crash;

/**
 * {@link CrashSafetyOfRebuildIntegrationTest}'s loop with the metadata on PostgreSQL, and the
 * pipeline keeping a current-state table: kills land in rebuild shard loads, the new version's
 * current table build and the switch (readers' manifest included); the version that went live
 * holds every row version once, and readers' current table every key once at its current version.
 */
class CrashSafetyOfRebuildOnPostgresIntegrationTest extends CrashSafetyOnPostgresIntegrationTest {

    @Override
    int kills() {
        return 4;
    }

    @Override
    boolean rebuild() {
        return true;
    }

    @Override
    boolean currentTable() {
        return true;
    }
}
