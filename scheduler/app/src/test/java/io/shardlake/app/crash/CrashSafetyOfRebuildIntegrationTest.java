package io.shardlake.app.crash;

/**
 * {@link CrashSafetyContract} with a rebuild of the table (loads committed in slices of 100 rows)
 * while rows keep changing, on the embedded default metadata store: kills land within and between
 * a shard's slices, and in the switch; the version that went live holds every row version once.
 */
class CrashSafetyOfRebuildIntegrationTest extends CrashSafetyOnEmbeddedH2IntegrationTest {

    @Override
    int kills() {
        return 8;
    }

    @Override
    boolean rebuild() {
        return true;
    }
}
