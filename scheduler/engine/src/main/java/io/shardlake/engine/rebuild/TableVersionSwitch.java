package io.shardlake.engine.rebuild;

import io.shardlake.connectors.objectstore.ObjectStore;
import io.shardlake.engine.lake.LakeLayout;
import io.shardlake.engine.run.RebuildRuns;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * Makes a table version live: first the metadata (one transaction: the versions' streams swap
 * names, so the pipeline's next run continues the new version's watermarks), then the readers'
 * pointer ({@code <table>} shows the version's folder, switched in one rename). A crash between
 * the two, or a failed pointer step, is repaired before the pipeline's next run writes
 * ({@link #pointAtLiveVersion}); until then readers see the old version, complete, never a mix.
 */
public final class TableVersionSwitch implements RebuildRuns {

    private final RebuildStore store;
    private final ObjectStore lake;
    private final Clock clock;

    public TableVersionSwitch(RebuildStore store, ObjectStore lake, Clock clock) {
        this.store = store;
        this.lake = lake;
        this.clock = clock;
    }

    @Override
    public int version(String rebuildId) {
        return rebuild(rebuildId).version();
    }

    @Override
    public void makeLive(String rebuildId, String runId) throws IOException {
        Rebuild r = rebuild(rebuildId);
        store.makeLive(r.pipeline(), r.fromVersion(), r.version(), r.id(), clock.instant());
        point(r.pipeline(), r.version());
    }

    /**
     * Switches the pipeline back to the RETIRED version {@code to} (a rollback), in place of the
     * live version {@code from}: the same two steps as a switch.
     */
    public void switchBack(String pipeline, int from, int to) throws IOException {
        store.makeLive(pipeline, from, to, null, clock.instant());
        point(pipeline, to);
    }

    @Override
    public void pointAtLiveVersion(String pipeline) throws IOException {
        List<TableVersion> versions = store.versions(pipeline);
        for (TableVersion live : versions) {
            if (live.state() != TableVersion.State.LIVE) {
                continue;
            }
            String wanted = LakeLayout.versionTable(live.table(), live.version());
            String pointed = lake.pointedFolder(live.table());
            // version 1 live in the table's own folder (never switched) needs no pointer
            boolean firstNeverSwitched = live.version() == 1 && pointed == null;
            if (!firstNeverSwitched && !wanted.equals(pointed)) {
                lake.pointFolder(live.table(), wanted, LakeLayout.versionTable(live.table(), 1));
            }
        }
    }

    /** Points the readers' name of the pipeline's table at version {@code version}'s folder. */
    private void point(String pipeline, int version) throws IOException {
        // also what pointAtLiveVersion repairs when this step did not happen
        String table = store.versions(pipeline).stream().filter(v -> v.version() == version).findFirst()
                .map(TableVersion::table).orElseThrow(() -> new IllegalStateException("no version " + version + " of " + pipeline));
        // the first switch moves version 1 out of the table's own folder into its version folder
        lake.pointFolder(table, LakeLayout.versionTable(table, version), LakeLayout.versionTable(table, 1));
    }

    private Rebuild rebuild(String id) {
        return store.byId(id).orElseThrow(() -> new IllegalStateException("no rebuild '" + id + "'"));
    }
}
