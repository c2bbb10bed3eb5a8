package io.shardlake.app.crash;

/**
 * {@link CrashSafetyOfJoinedViewIntegrationTest}'s loop with the metadata on MariaDB: kills land
 * while a window is read and while the orders of changed customers are read again.
 */
class CrashSafetyOfJoinedViewOnMariaDbIntegrationTest extends CrashSafetyOnMariaDbIntegrationTest {

    @Override
    int kills() {
        return 4;
    }

    @Override
    boolean joinedView() {
        return true;
    }
}
