package io.shardlake.app.crash;

/**
 * {@link CrashSafetyContract} for a joined view (orders with their customers, customers changing
 * too), on the embedded default metadata store: kills land while a window is read and while the
 * orders of changed customers are read again.
 */
class CrashSafetyOfJoinedViewIntegrationTest extends CrashSafetyOnEmbeddedH2IntegrationTest {

    @Override
    int kills() {
        return 10;
    }

    @Override
    boolean joinedView() {
        return true;
    }
}
