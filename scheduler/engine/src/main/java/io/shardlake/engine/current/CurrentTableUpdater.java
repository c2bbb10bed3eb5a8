package io.shardlake.engine.current;

import io.shardlake.connectors.objectstore.ObjectStore;
import io.shardlake.connectors.parquet.ParquetOptions;
import io.shardlake.connectors.parquet.PartitionedParquetWriter;
import io.shardlake.connectors.parquet.WrittenFile;
import io.shardlake.engine.current.CurrentTables.Bucket;
import io.shardlake.engine.lake.CurrentLayout;
import io.shardlake.engine.lake.LakeLayout;
import io.shardlake.engine.run.PublishedFile;
import io.shardlake.engine.sink.CommittedRun;
import io.shardlake.engine.sink.SinkTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one committed run to its table's current-state table: the run's rows are merged into
 * the buckets holding their keys (newest version per key by {@link io.shardlake.connectors.lake.VersionOrder};
 * tombstones kept, so an older version delivered later cannot bring a deleted key back), each
 * touched bucket is written to a new file of the next generation, and the new generation is made
 * live in one step.
 *
 * <p>Cost per run: the run's rows, plus the rows of the buckets they fall in (at most
 * {@link CurrentSettings#bucketRows} each): it grows with the run, not with the table.
 *
 * <p>Crash safety, in the order of the steps: (1) the new files are recorded PENDING in the
 * metadata database, (2) published, (3) one transaction moves the generation (compare-and-set),
 * swaps the buckets and marks the files LIVE and the replaced ones RETIRED, (4) the manifest
 * object readers go by is replaced whole from the committed buckets. A kill before (3) leaves the
 * old generation: the next update deletes the PENDING files. A kill between (3) and (4) leaves
 * readers on the old manifest, whose files stay for {@link CurrentSettings#retiredGrace}; the
 * next update writes the manifest first. A run already applied (killed before the delivery was
 * recorded) is recognised by the generation's run id and not applied twice.
 */
public final class CurrentTableUpdater {

    private static final Logger log = LoggerFactory.getLogger(CurrentTableUpdater.class);

    /** The points of an update a test can fail at, in order. */
    public enum Step { REPAIRED, WRITTEN, RECORDED, PUBLISHED, COMMITTED, MANIFEST_PUBLISHED }

    /** Called after each step; a test throws here to simulate a crash there. */
    @FunctionalInterface
    public interface StepListener {
        void reached(Step step) throws Exception;
    }

    /** What one update did. */
    public record Result(long generation, long rowsIn, int bucketsRewritten, long rowsRewritten, long bytesWritten, boolean skipped) {
    }

    /** How long an update waits for another one of the same table before it gives up (and a later run applies its run). */
    static final java.time.Duration LEASE_WAIT = java.time.Duration.ofSeconds(30);

    private final ObjectStore store;
    private final CurrentTables tables;
    private final CurrentSettings settings;
    private final Path workDirectory;
    private final Clock clock;
    private final CurrentTableLease lease;
    private volatile StepListener steps = step -> { };

    public CurrentTableUpdater(ObjectStore store, CurrentTables tables, CurrentSettings settings, Path workDirectory, String node,
                               Clock clock) {
        this.store = store;
        this.tables = tables;
        this.settings = settings;
        this.workDirectory = workDirectory;
        this.lease = new CurrentTableLease(tables, settings.lease(), LEASE_WAIT, node, clock);
        this.clock = clock;
    }

    /** For tests: be told of each step. */
    public void onStep(StepListener listener) {
        this.steps = listener;
    }

    /**
     * Applies {@code run} (a delivery: {@code table} is the live version, so readers' manifest follows).
     * Updates of one table wait for each other: in this process on a lock, across nodes on the
     * metadata database's lease, for at most {@link #LEASE_WAIT}.
     */
    public Result apply(SinkTable table, CommittedRun run) throws Exception {
        Target target = Target.live(table);
        return lease.hold(target.name(), "run " + run.runId(), owner -> applyOnce(table, target, owner, run));
    }

    /**
     * Builds (or brings up to date) the current table of a table version not live yet from the data
     * files in its folder, one update per shard (so an update holds one shard's rows, as a first load
     * does). Readers' manifest is left alone: {@link #show} moves it. Applying a file again changes
     * nothing (newest version wins, ties keep the same row), so a switch retried after a crash, with
     * more rows caught up, builds again.
     */
    public void build(SinkTable version) throws Exception {
        Target target = Target.own(version);
        Map<String, List<PublishedFile>> byShard = new TreeMap<>();
        for (Map.Entry<String, Long> f : store.sizes(version.folder() + "/").entrySet()) {
            String shard = LakeLayout.shardOfDataFile(f.getKey());
            if (LakeLayout.isPartitionDataFile(version.folder(), f.getKey()) && shard != null) {
                byShard.computeIfAbsent(shard, s -> new ArrayList<>()).add(new PublishedFile(f.getKey(), PublishedFile.Kind.DATA, 0,
                        f.getValue()));
            }
        }
        for (List<PublishedFile> files : byShard.values()) {
            CommittedRun run = new CommittedRun(UUID.randomUUID().toString(), version.pipeline(), false, files, List.of(), Map.of());
            lease.hold(target.name(), "the build of table version " + version.live().version(), owner -> applyOnce(version, target, owner,
                    run));
        }
    }

    /**
     * Readers' manifest ({@code <table>_current}) lists the committed files of {@code version}'s
     * current table: one atomic publish, so readers see the previous version's rows or these, never a
     * mix. Idempotent; taken under the version's lease, so no update of it publishes in between.
     */
    public void show(SinkTable version) throws Exception {
        publishCommitted(Target.live(version), "showing table version " + version.live().version());
    }

    /**
     * A retired version about to be switched back to: its own manifest lists its committed files
     * (version 1's kept apart from readers' only since the table was rebuilt), so the catalogs can
     * show it before readers' manifest moves. Idempotent.
     */
    public void publishOwn(SinkTable version) throws Exception {
        publishCommitted(Target.own(version), "preparing table version " + version.live().version());
    }

    /** Under the target's lease: repairs what a crash left, then publishes its committed generation. */
    private void publishCommitted(Target target, String doing) throws Exception {
        lease.hold(target.name(), doing, owner -> {
            repair(target);
            publishManifest(target, tables.state(target.name()).generation());
            return null;
        });
    }

    /**
     * Deletes a swept table version's current table: its files first (found again by listing, should
     * this stop midway), then what the metadata database holds of it. Version 1's folder keeps readers'
     * manifest, which lists the live version's files.
     */
    public void drop(SinkTable version) throws IOException {
        Target target = Target.own(version);
        List<String> keys = new ArrayList<>(store.list(CurrentLayout.dataFolder(target.name())));
        if (!target.name().equals(target.readers())) {
            keys.addAll(store.list(CurrentLayout.folder(target.name())));
        } else {
            keys.addAll(store.list(CurrentLayout.ownManifestFolder(target.name(), target.readers())));
        }
        for (String key : keys) {
            store.delete(key);
        }
        tables.drop(target.name());
    }

    /**
     * Which current table a version of a table has ({@code <table>_current} for version 1,
     * {@code <table>__v<N>_current} after), and the manifests an update publishes: its own, plus
     * readers' ({@code <table>_current}'s) when the version is the one readers see.
     */
    private record Target(String name, String readers, boolean shown, boolean versioned) {

        static Target live(SinkTable table) {
            return new Target(table.ownCurrentTable(), table.definition().target().currentTable(), true, table.live().versioned());
        }

        static Target own(SinkTable table) {
            return new Target(table.ownCurrentTable(), table.definition().target().currentTable(), false, table.live().versioned());
        }

        /** The version's own manifest, then readers' when it is the version readers see; a table never rebuilt has readers' only. */
        List<String> manifests() {
            String own = CurrentLayout.ownManifestFolder(name, readers) + CurrentLayout.MANIFEST_FILE;
            if (!shown) {
                return List.of(own);
            }
            return versioned ? List.of(own, CurrentLayout.manifestKey(readers)) : List.of(CurrentLayout.manifestKey(readers));
        }
    }

    private Result applyOnce(SinkTable table, Target target, String owner, CommittedRun run) throws Exception {
        String name = target.name();
        Path work = workDirectory.resolve("current-" + name + "-" + run.runId());
        // What a killed update of the same run left here never committed: start afresh (under the lease).
        deleteTree(work);
        Files.createDirectories(work);
        try {
            repair(target);
            steps.reached(Step.REPAIRED);
            CurrentTables.State state = tables.state(name);
            if (run.runId().equals(state.lastRunId())) {
                return new Result(state.generation(), 0, 0, 0, 0, true);
            }
            Result result = update(table, target, owner, state.generation() + 1, run, work);
            deleteRetired(name);
            return result;
        } finally {
            deleteTree(work);
        }
    }

    /** Deletes the files of updates that never committed, and brings the manifest up to the committed generation. */
    private void repair(Target target) throws IOException {
        String name = target.name();
        List<String> pending = tables.pendingFiles(name);
        for (String key : pending) {
            store.delete(key);
            store.removeIncomplete(key);
        }
        if (!pending.isEmpty()) {
            tables.forget(name, pending);
            log.info("current table {}: removed {} files of an update that did not commit", name, pending.size());
        }
        CurrentTables.State state = tables.state(name);
        if (state.manifestGeneration() < state.generation()) {
            publishManifest(target, state.generation());
        }
    }

    private Result update(SinkTable table, Target target, String owner, long generation, CommittedRun run, Path work) throws Exception {
        String name = target.name();
        TableRows rows = new TableRows(table);
        List<Bucket> live = tables.buckets(name);
        Map<String, TreeMap<CurrentKey, Bucket>> byShard = new HashMap<>();
        long nextId = 1;
        for (Bucket b : live) {
            byShard.computeIfAbsent(b.shard(), s -> new TreeMap<>()).put(lowKey(rows, b), b);
            nextId = Math.max(nextId, b.id() + 1);
        }
        // The run's newest version per key, grouped by the bucket that holds the key (null: a shard with no bucket yet).
        Map<String, Map<Bucket, TreeMap<CurrentKey, Object[]>>> incoming = new LinkedHashMap<>();
        Map<String, TreeMap<CurrentKey, Object[]>> newShards = new LinkedHashMap<>();
        long rowsIn = 0;
        for (PublishedFile file : run.dataFiles()) {
            rowsIn += BucketFiles.read(store, file.key(), rows.schema(), work, row -> {
                CurrentKey key = rows.keyOf(row);
                TreeMap<CurrentKey, Bucket> buckets = byShard.get(key.shard());
                TreeMap<CurrentKey, Object[]> into;
                if (buckets == null) {
                    into = newShards.computeIfAbsent(key.shard(), s -> new TreeMap<>());
                } else {
                    Map.Entry<CurrentKey, Bucket> holder = buckets.floorEntry(key);
                    Bucket bucket = holder != null ? holder.getValue() : buckets.firstEntry().getValue();
                    into = incoming.computeIfAbsent(key.shard(), s -> new LinkedHashMap<>()).computeIfAbsent(bucket, b -> new TreeMap<>());
                }
                into.merge(key, row, rows::newer);
            });
        }
        List<Bucket> removed = new ArrayList<>();
        List<Bucket> added = new ArrayList<>();
        List<Piece> pieces = new ArrayList<>();
        long rowsRewritten = 0;
        for (Map<Bucket, TreeMap<CurrentKey, Object[]>> shard : incoming.values()) {
            for (Map.Entry<Bucket, TreeMap<CurrentKey, Object[]>> touched : shard.entrySet()) {
                Bucket bucket = touched.getKey();
                TreeMap<CurrentKey, Object[]> merged = new TreeMap<>();
                BucketFiles.read(store, bucket.fileKey(), rows.schema(), work, row -> merged.put(rows.keyOf(row), row));
                touched.getValue().forEach((key, row) -> merged.merge(key, row, rows::newer));
                rowsRewritten += merged.size();
                removed.add(bucket);
                nextId = split(bucket.shard(), bucket.lowKey(), merged, nextId, pieces);
            }
        }
        for (Map.Entry<String, TreeMap<CurrentKey, Object[]>> shard : newShards.entrySet()) {
            rowsRewritten += shard.getValue().size();
            nextId = split(shard.getKey(), null, shard.getValue(), nextId, pieces);
        }
        if (pieces.isEmpty()) {
            return new Result(generation - 1, rowsIn, 0, 0, 0, true);
        }
        // (write) every new bucket file locally
        Map<Piece, WrittenFile> written = new LinkedHashMap<>();
        ParquetOptions options = ParquetOptions.defaults().withCompression(table.definition().target().compression())
                .withTargetFileBytes(Long.MAX_VALUE / 4);
        for (Piece piece : pieces) {
            written.put(piece, write(rows, piece, options, work));
            lease.renew(name, owner);
        }
        steps.reached(Step.WRITTEN);
        Map<Piece, String> keys = new LinkedHashMap<>();
        pieces.forEach(p -> keys.put(p, CurrentLayout.bucketFile(name, generation, p.shard(), p.id())));
        // (1) recorded before any is published
        tables.recordPending(name, owner, generation, List.copyOf(keys.values()));
        steps.reached(Step.RECORDED);
        // (2) published
        long bytes = 0;
        for (Piece piece : pieces) {
            lease.renew(name, owner);
            WrittenFile file = written.get(piece);
            store.publish(file.localPath(), keys.get(piece));
            bytes += file.bytes();
            added.add(new Bucket(piece.id(), piece.shard(), piece.lowKey(), keys.get(piece), file.rows(), file.bytes()));
        }
        steps.reached(Step.PUBLISHED);
        // (3) the switch, in one transaction
        if (!tables.commit(name, owner, generation, run.runId(), removed, added, clock.instant())) {
            throw new IllegalStateException("current table " + name + " moved past generation " + (generation - 1) + " or its lease was"
                    + " taken over while run " + run.runId() + " was applied; the next update applies it again");
        }
        steps.reached(Step.COMMITTED);
        // (4) readers follow
        publishManifest(target, generation);
        steps.reached(Step.MANIFEST_PUBLISHED);
        log.info("current table {} generation {}: run {} ({} rows) rewrote {} buckets into {} ({} rows, {} bytes)", name, generation,
                run.runId(), rowsIn, removed.size(), added.size(), rowsRewritten, bytes);
        return new Result(generation, rowsIn, removed.size(), rowsRewritten, bytes, false);
    }

    /** One bucket to be: its shard, lower bound (text; null for the shard's first) and sorted rows. */
    private record Piece(long id, String shard, String lowKey, List<Object[]> rows) {
    }

    /** Cuts sorted rows into buckets of at most {@link CurrentSettings#bucketRows}; the first keeps {@code lowKey}. */
    private long split(String shard, String lowKey, TreeMap<CurrentKey, Object[]> sorted, long nextId, List<Piece> into) {
        int count = sorted.size();
        int parts = Math.max(1, (count + settings.bucketRows() - 1) / settings.bucketRows());
        int per = (count + parts - 1) / parts;
        List<Object[]> current = new ArrayList<>(Math.min(per, count));
        String bound = lowKey;
        for (Map.Entry<CurrentKey, Object[]> e : sorted.entrySet()) {
            if (current.size() == per) {
                into.add(new Piece(nextId++, shard, bound, current));
                current = new ArrayList<>(per);
                bound = e.getKey().encode();
            }
            current.add(e.getValue());
        }
        into.add(new Piece(nextId++, shard, bound, current));
        return nextId;
    }

    private WrittenFile write(TableRows rows, Piece piece, ParquetOptions options, Path work) throws IOException {
        Path dir = Files.createDirectories(work.resolve("b" + piece.id()));
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(rows.schema(), options, dir, "b" + piece.id())) {
            try {
                for (Object[] row : piece.rows()) {
                    writer.write("b", row);
                }
                List<WrittenFile> files = writer.finish();
                if (files.size() != 1) {
                    throw new IllegalStateException("bucket " + piece.id() + " was written to " + files.size() + " files, expected one");
                }
                return files.get(0);
            } catch (IOException | RuntimeException e) {
                writer.abort();
                throw e;
            }
        }
    }

    /** Replaces the manifest objects with the committed generation's files (each one atomic publish). */
    private void publishManifest(Target target, long generation) throws IOException {
        StringBuilder text = new StringBuilder();
        tables.buckets(target.name()).stream().sorted(Comparator.comparing(Bucket::shard).thenComparing(Bucket::id))
                .forEach(b -> text.append(store.uri(b.fileKey())).append('\n'));
        Path local = Files.createTempFile(workDirectory, "manifest-", ".txt");
        try {
            Files.writeString(local, text, StandardCharsets.UTF_8);
            for (String key : target.manifests()) {
                store.publish(local, key);
            }
        } finally {
            Files.deleteIfExists(local);
        }
        tables.manifestWritten(target.name(), generation);
    }

    /** Files replaced more than the grace ago: no query of an earlier manifest still reads them. */
    private void deleteRetired(String name) {
        try {
            List<String> old = tables.retiredBefore(name, clock.instant().minus(settings.retiredGrace()), 1000);
            for (String key : old) {
                store.delete(key);
            }
            tables.forget(name, old);
        } catch (IOException | RuntimeException e) {
            log.warn("current table {}: could not delete retired files yet; the next update tries again", name, e);
        }
    }

    private static CurrentKey lowKey(TableRows rows, Bucket b) {
        // the shard's first bucket starts before every key of the shard
        return b.lowKey() == null ? new CurrentKey(new Object[] {b.shard()}) : rows.decodeKey(b.lowKey());
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.debug("could not clean {}", root, e);
        }
    }
}
