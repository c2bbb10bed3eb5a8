package io.shardlake.engine.rebuild;

import io.shardlake.connectors.objectstore.ObjectStore;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.lake.LakeLayout;
import io.shardlake.engine.run.LiveVersion;
import io.shardlake.engine.run.PipelinePlan;
import io.shardlake.engine.run.RebuildRuns;
import io.shardlake.engine.run.VersionPointer;
import java.io.IOException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes a table version live, in three steps. First the places readers find the table besides the
 * lake get the version ready without showing it ({@link VersionPointer#prepare}: its own Athena
 * table, its Redshift table loaded); then the metadata (one transaction: the versions' streams swap
 * names, so the pipeline's next run continues the new version's watermarks); then the readers'
 * names move: on a local lake {@code <table>} shows the version's folder (one rename), and the
 * pointers show it ({@link VersionPointer#show}: Athena's views replaced, the Redshift tables
 * swapped in one transaction). A crash after the metadata step, or a failed last step, is
 * repaired before the pipeline's next run writes ({@link #pointAtLiveVersion}); until then readers
 * see the old version, complete, never a mix.
 *
 * <p>On a lake that cannot point folders (S3) no file moves: each version stays in its own
 * folder ({@code <table>} for version 1, {@code <table>__v<N>} after) and runs write the live
 * version's ({@link LiveVersion#folder}).
 */
public final class TableVersionSwitch implements RebuildRuns {

    /** The definition a table version was built with. */
    @FunctionalInterface
    public interface Definitions {
        Optional<PipelineDefinition> version(String pipeline, String definitionVersion);
    }

    private final RebuildStore store;
    private final ObjectStore lake;
    private final VersionPointer pointers;
    private final Definitions definitions;
    private final Clock clock;
    /** Per pipeline, the live version (and since when) this process last showed through the pointers: repaired once, not every run. */
    private final Map<String, String> shown = new ConcurrentHashMap<>();

    /** A switch of the lake only (no catalog, no Redshift). */
    public TableVersionSwitch(RebuildStore store, ObjectStore lake, Clock clock) {
        this(store, lake, VersionPointer.NONE, (p, v) -> Optional.empty(), clock);
    }

    public TableVersionSwitch(RebuildStore store, ObjectStore lake, VersionPointer pointers, Definitions definitions, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.lake = Objects.requireNonNull(lake, "lake");
        this.pointers = Objects.requireNonNull(pointers, "pointers");
        this.definitions = Objects.requireNonNull(definitions, "definitions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public int version(String rebuildId) {
        return rebuild(rebuildId).version();
    }

    @Override
    public void makeLive(String rebuildId, String runId) throws IOException {
        Rebuild r = rebuild(rebuildId);
        switchTo(r.pipeline(), r.fromVersion(), r.version(), r.id(), true);
    }

    /**
     * Switches the pipeline back to the RETIRED version {@code to} (a rollback), in place of the
     * live version {@code from}: the same steps as a switch.
     */
    public void switchBack(String pipeline, int from, int to) throws IOException {
        switchTo(pipeline, from, to, null, false);
    }

    private void switchTo(String pipeline, int from, int to, String rebuildId, boolean fresh) throws IOException {
        TableVersion target = versionOf(pipeline, to);
        if (target.state() != TableVersion.State.LIVE) { // a switch run retried after the metadata step goes on to the pointers
            step("preparing", () -> pointers.prepare(plan(target), fresh));
        }
        store.makeLive(pipeline, from, to, rebuildId, clock.instant());
        point(pipeline, target.table(), to);
        TableVersion live = versionOf(pipeline, to);
        step("showing", () -> pointers.show(plan(live), from));
        shown.put(pipeline, shownKey(live));
    }

    @Override
    public LiveVersion pointAtLiveVersion(String pipeline, String table) throws IOException {
        List<TableVersion> versions = store.versions(pipeline);
        Optional<TableVersion> found = versions.stream().filter(v -> v.state() == TableVersion.State.LIVE).findFirst();
        if (found.isEmpty()) {
            return LiveVersion.first(table);
        }
        TableVersion live = found.get();
        boolean versioned = versions.stream().anyMatch(v -> v.version() > 1 && v.liveSince() != null);
        if (lake.pointsFolders()) {
            String wanted = LakeLayout.versionTable(live.table(), live.version());
            String pointed = lake.pointedFolder(live.table());
            // version 1 live in the table's own folder (never switched) needs no pointer
            boolean firstNeverSwitched = live.version() == 1 && pointed == null;
            if (!firstNeverSwitched && !wanted.equals(pointed)) {
                lake.pointFolder(live.table(), wanted, LakeLayout.versionTable(live.table(), 1));
            }
        }
        if (versioned && !shownKey(live).equals(shown.get(pipeline))) {
            // the previous live version is the one retired last: what the readers' names may still show
            int previous = versions.stream().filter(v -> v.state() != TableVersion.State.LIVE && v.retiredAt() != null)
                    .max(Comparator.comparing(TableVersion::retiredAt)).map(TableVersion::version).orElse(1);
            step("showing", () -> pointers.show(plan(live), previous));
            shown.put(pipeline, shownKey(live));
        }
        return liveVersion(live, versioned);
    }

    /** The lake folder that holds version {@code version}'s files (what retention deletes). */
    public String folderOf(String table, int version) {
        return lake.pointsFolders() ? LakeLayout.versionTable(table, version) : LiveVersion.ownFolder(table, version);
    }

    /** Deletes what a version no longer kept left besides the lake (its Athena table, its Redshift table). */
    public void dropElsewhere(TableVersion version) throws IOException {
        step("dropping", () -> pointers.drop(plan(version)));
    }

    private LiveVersion liveVersion(TableVersion v, boolean versioned) {
        return new LiveVersion(v.table(), v.version(), lake.pointsFolders() ? v.table() : LiveVersion.ownFolder(v.table(), v.version()),
                versioned);
    }

    /**
     * What the pointers get: version {@code v} with its own definition, in its own folder (on a
     * local lake too, where the table's name may still show another version while it is prepared).
     */
    private PipelinePlan plan(TableVersion v) {
        PipelineDefinition d = definitions.version(v.pipeline(), v.definitionVersion()).orElseThrow(() -> new IllegalStateException(
                "table version " + v.version() + " of '" + v.pipeline() + "' was built with definition version " + v.definitionVersion()
                        + ", which is not stored"));
        return PipelinePlan.of(d).at(new LiveVersion(v.table(), v.version(), folderOf(v.table(), v.version()), true));
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /** Runs a step of the pointers, if there are any (none: no definition is looked up). */
    private void step(String what, Step step) throws IOException {
        if (pointers == VersionPointer.NONE) {
            return;
        }
        try {
            step.run();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(what + " the table version failed: " + e.getMessage(), e);
        }
    }

    private static String shownKey(TableVersion v) {
        return v.version() + "@" + v.liveSince();
    }

    /** Points the readers' name of the pipeline's table at version {@code version}'s folder, on a lake that can. */
    private void point(String pipeline, String table, int version) throws IOException {
        if (lake.pointsFolders()) {
            // also what pointAtLiveVersion repairs when this step did not happen;
            // the first switch moves version 1 out of the table's own folder into its version folder
            lake.pointFolder(table, LakeLayout.versionTable(table, version), LakeLayout.versionTable(table, 1));
        }
    }

    private TableVersion versionOf(String pipeline, int version) {
        return store.versions(pipeline).stream().filter(v -> v.version() == version).findFirst()
                .orElseThrow(() -> new IllegalStateException("no version " + version + " of " + pipeline));
    }

    private Rebuild rebuild(String id) {
        return store.byId(id).orElseThrow(() -> new IllegalStateException("no rebuild '" + id + "'"));
    }
}
