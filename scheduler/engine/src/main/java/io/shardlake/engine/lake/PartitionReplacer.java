package io.shardlake.engine.lake;

import io.shardlake.connectors.objectstore.ObjectStore;
import io.shardlake.engine.lake.PartitionGenerations.Generation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces partitions with a backfill chunk's new generation so that readers never see a
 * partition half old and half new.
 *
 * <p>The chunk's shard tasks write their files into the generation's own folder
 * ({@link LakeLayout#generationFolder}), which readers of the partition folder never list. When
 * every task has succeeded, the files of the shards the backfill does not reload are copied in
 * (so a shard subset replaces only those shards' rows), a marker naming the generation is added,
 * and the generation is made live in one step:
 * <ul>
 *   <li>a local lake renames folders: the partition folder moves aside, the generation's folder
 *       takes its name (each rename is atomic; a reader listing between the two sees the
 *       partition empty for that instant, never mixed);</li>
 *   <li>on S3, where nothing can rename a folder, the generation stays where it was written and
 *       the live generation recorded in the metadata database changes; catalogs point the
 *       partition's location there (Athena: {@code ALTER TABLE ... PARTITION ... SET LOCATION}),
 *       one atomic switch for queries.</li>
 * </ul>
 * The record ({@link PartitionGenerations#replace}, compare-and-set on the generation it
 * replaces) is written after the renames; the marker lets a chunk taken over after a crash see
 * that they happened, so every step can be repeated. Retired generations are deleted after a
 * grace period, so queries that started before the switch can finish.
 */
public final class PartitionReplacer {

    private static final Logger log = LoggerFactory.getLogger(PartitionReplacer.class);

    private final ObjectStore store;
    private final PartitionGenerations generations;
    private final Clock clock;

    public PartitionReplacer(ObjectStore store, PartitionGenerations generations, Clock clock) {
        this.store = store;
        this.generations = generations;
        this.clock = clock;
    }

    /**
     * Makes run {@code runId}'s generation of each partition live; its files for
     * {@code replacedShards} are in place. Repeating it after a success, or after a crash half
     * way, completes it without doing anything twice.
     *
     * @throws IllegalStateException when another generation became live meanwhile (nothing changed)
     */
    public void replace(String table, List<String> partitions, String runId, Collection<String> replacedShards) throws IOException {
        Predicate<String> reloaded = key -> {
            String shard = LakeLayout.shardOfDataFile(key);
            return shard != null && replacedShards.contains(shard);
        };
        for (String partition : partitions) {
            String expected = generations.live(table, partition).map(Generation::runId).orElse(PartitionGenerations.ORIGINAL);
            if (!switchTo(table, partition, runId, expected, reloaded, false)) {
                throw new IllegalStateException("partition " + table + "/" + partition + " was replaced by another generation while run "
                        + runId + " was replacing it; nothing of this run became visible");
            }
        }
    }

    /**
     * Makes run {@code runId}'s generation of one partition (its new files are in
     * {@link LakeLayout#generationFolder}) live in place of generation {@code expectedRunId}, with
     * every file of the live generation carried over except those {@code dropped} names.
     * Repeating it after a success, or after a crash half way, completes it without doing anything twice.
     *
     * @param retireOriginal on S3, whether a never replaced partition's original folder is retired
     *                       (deleted after the grace period) rather than kept for readers that list it
     * @return false, having changed nothing, when the live generation is no longer {@code expectedRunId}
     */
    public boolean switchTo(String table, String partition, String runId, String expectedRunId, Predicate<String> dropped,
                            boolean retireOriginal) throws IOException {
        Optional<Generation> live = generations.live(table, partition);
        if (live.isPresent() && live.get().runId().equals(runId)) {
            return true; // done before a take-over
        }
        String expected = live.map(Generation::runId).orElse(PartitionGenerations.ORIGINAL);
        if (!expected.equals(expectedRunId)) {
            return false;
        }
        String staged = LakeLayout.generationFolder(table, partition, runId);
        boolean committed = store.movesFolders()
                ? swapFolders(table, partition, runId, dropped, expected, staged)
                : switchLocation(table, partition, runId, dropped, expected, staged, live, retireOriginal);
        if (committed) {
            log.info("table={} partition={} generation {} is live (replaced {})", table, partition, runId, expected);
        }
        return committed;
    }

    /** The folder whose files are the partition's live contents (where incremental runs append). */
    public String liveFolder(String table, String partition) {
        String folder = LakeLayout.partitionFolder(table, partition);
        return store.movesFolders() ? folder : generations.live(table, partition).map(Generation::location).orElse(folder);
    }

    /**
     * Whether a local lake's folders were already swapped, or half swapped, towards run
     * {@code runId}'s generation (a crash before the record): {@link #switchTo} must then finish
     * the job, not start over. Always false on S3, where nothing is visible before the record.
     */
    public boolean switchStarted(String table, String partition, String runId) throws IOException {
        return store.movesFolders() && (hasAnyFile(LakeLayout.retiredFolder(table, partition, runId))
                || runId.equals(markerOf(LakeLayout.partitionFolder(table, partition))));
    }

    private boolean swapFolders(String table, String partition, String runId, Predicate<String> dropped, String expected,
                                String staged) throws IOException {
        String liveFolder = LakeLayout.partitionFolder(table, partition);
        String retired = LakeLayout.retiredFolder(table, partition, runId);
        if (!runId.equals(markerOf(liveFolder))) {
            if (!hasAnyFile(retired)) { // not yet moved aside before a crash
                carryOver(liveFolder, staged, dropped);
            }
            writeMarker(staged, runId);
            if (hasAnyFile(liveFolder)) {
                store.moveFolder(liveFolder, retired);
            }
            store.moveFolder(staged, liveFolder);
        }
        return generations.replace(table, partition, expected, runId, liveFolder, retired, clock.instant());
    }

    private boolean switchLocation(String table, String partition, String runId, Predicate<String> dropped, String expected,
                                   String staged, Optional<Generation> live, boolean retireOriginal) throws IOException {
        String original = LakeLayout.partitionFolder(table, partition);
        String liveFolder = live.map(Generation::location).orElse(original);
        carryOver(liveFolder, staged, dropped);
        writeMarker(staged, runId);
        // Unless told otherwise the original folder stays: readers that list it (partition projection) keep seeing complete old data.
        String retired = live.map(Generation::location).orElse(retireOriginal ? original : null);
        return generations.replace(table, partition, expected, runId, staged, retired, clock.instant());
    }

    /** Copies the live files the new generation does not replace into it. */
    private void carryOver(String liveFolder, String staged, Predicate<String> dropped) throws IOException {
        for (String key : store.list(liveFolder)) {
            String name = key.substring(liveFolder.length());
            if (name.contains("/") || name.startsWith("_")) {
                continue; // markers, and nothing a reader of the partition folder would read
            }
            if (dropped.test(key)) {
                continue;
            }
            if (LakeLayout.shardOfDataFile(key) == null) {
                log.warn("{} was not written by this service; it is kept in the partition's new generation", key);
            }
            if (!store.exists(staged + name)) {
                store.copy(key, staged + name);
            }
        }
    }

    private void writeMarker(String folder, String runId) throws IOException {
        Path temp = Files.createTempFile("generation", ".txt");
        try {
            Files.writeString(temp, runId);
            store.publish(temp, folder + LakeLayout.GENERATION_MARKER);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private String markerOf(String folder) throws IOException {
        String key = folder + LakeLayout.GENERATION_MARKER;
        if (!store.exists(key)) {
            return null;
        }
        try (InputStream in = store.open(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    private boolean hasAnyFile(String folder) throws IOException {
        return !store.list(folder).isEmpty();
    }

    /** Deletes a chunk's unfinished generations (the chunk failed or was cancelled): nothing of them was visible. */
    public void discard(String table, List<String> partitions, String runId) throws IOException {
        for (String partition : partitions) {
            Optional<Generation> live = generations.live(table, partition);
            if (live.isPresent() && live.get().runId().equals(runId)) {
                continue; // already live: it is the lake's data now
            }
            deleteFolder(LakeLayout.generationFolder(table, partition, runId));
        }
    }

    /** Deletes generations retired more than {@code grace} ago; returns how many. */
    public int deleteRetired(Duration grace, int limit) throws IOException {
        int deleted = 0;
        for (Generation g : generations.retiredBefore(clock.instant().minus(grace), limit)) {
            if (!g.location().isEmpty()) {
                deleteFolder(g.location());
            }
            generations.forget(g);
            deleted++;
        }
        return deleted;
    }

    private void deleteFolder(String folder) throws IOException {
        for (String key : store.list(folder)) {
            store.delete(key);
        }
    }
}
