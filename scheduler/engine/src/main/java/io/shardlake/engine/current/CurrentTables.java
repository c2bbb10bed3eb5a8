package io.shardlake.engine.current;

import java.time.Instant;
import java.util.List;

/**
 * What the metadata database holds of each current-state table: its committed generation, its
 * live buckets, and every file an update wrote (recorded before it is published, like a run's
 * files), so that a kill at any point leaves either the old generation or the new one, and the
 * files of an update that never committed can be found and deleted.
 */
public interface CurrentTables {

    /** A live bucket: the keys of one shard from {@code lowKey} (null: the first) to the next bucket's, in one file. */
    record Bucket(long id, String shard, String lowKey, String fileKey, long rows, long bytes) {
    }

    /** @param manifestGeneration the generation the manifest object in the lake lists (behind {@code generation} after a kill) */
    record State(long generation, long manifestGeneration, String lastRunId) {
    }

    /**
     * Takes the table's lease for {@code owner} until {@code until} (creating the table's row on
     * first use) when no one holds it or its holder's lease ran out.
     *
     * @return false when another writer holds it
     */
    boolean acquire(String table, String owner, Instant now, Instant until);

    void release(String table, String owner);

    State state(String table);

    List<Bucket> buckets(String table);

    /** Files recorded before publishing by updates that never committed. */
    List<String> pendingFiles(String table);

    void forget(String table, List<String> fileKeys);

    /** Records files of generation {@code generation} before they are published, if {@code owner} still holds the lease. */
    void recordPending(String table, String owner, long generation, List<String> fileKeys);

    /**
     * One transaction: the generation moves from {@code generation - 1} to {@code generation}
     * (compare-and-set, and only while {@code owner} holds the lease), the removed buckets are
     * replaced by the added ones, their files turn LIVE and the files they replaced RETIRED.
     *
     * @return false when the generation moved or the lease was lost: nothing changed
     */
    boolean commit(String table, String owner, long generation, String runId, List<Bucket> removed, List<Bucket> added, Instant now);

    /** The manifest object now lists {@code generation}. */
    void manifestWritten(String table, long generation);

    /** Files retired before {@code before}: no reader of a manifest still needs them. */
    List<String> retiredBefore(String table, Instant before, int limit);

    /**
     * Forgets the table (its generation, buckets and files), in one transaction: the current table
     * of a table version swept by retention, whose files are deleted after this. Idempotent.
     */
    void drop(String table);
}
