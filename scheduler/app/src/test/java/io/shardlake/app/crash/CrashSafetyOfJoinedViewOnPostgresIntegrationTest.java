package io.shardlake.app.crash;

/**
 * {@link CrashSafetyOfJoinedViewIntegrationTest}'s loop with the metadata on PostgreSQL: kills
 * land while a window is read and while the orders of changed customers are read again.
 */
class CrashSafetyOfJoinedViewOnPostgresIntegrationTest extends CrashSafetyOnPostgresIntegrationTest {

    @Override
    int kills() {
        return 4;
    }

    @Override
    boolean joinedView() {
        return true;
    }
}
