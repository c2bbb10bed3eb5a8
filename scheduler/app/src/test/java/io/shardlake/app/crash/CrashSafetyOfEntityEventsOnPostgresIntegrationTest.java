package io.shardlake.app.crash;

/**
 * {@link CrashSafetyOfEntityEventsIntegrationTest}'s loop with the metadata on PostgreSQL (the
 * test's writer stores the events there while the node runs): kills land in EVENT runs and
 * scheduled ones alike.
 */
class CrashSafetyOfEntityEventsOnPostgresIntegrationTest extends CrashSafetyOnPostgresIntegrationTest {

    @Override
    int kills() {
        return 4;
    }

    @Override
    boolean entityEvents() {
        return true;
    }
}
