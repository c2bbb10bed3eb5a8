package io.shardlake.app.crash;

/**
 * {@link CrashSafetyContract} for a pipeline taking entity events, every change announced by one,
 * with the metadata on MariaDB (the test's writer stores the events there while the node runs):
 * kills land in EVENT runs and scheduled ones alike.
 */
class CrashSafetyOfEntityEventsIntegrationTest extends CrashSafetyOnMariaDbIntegrationTest {

    @Override
    boolean entityEvents() {
        return true;
    }
}
