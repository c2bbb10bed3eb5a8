package io.shardlake.engine.lake;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which generation of each replaced partition is live, kept in the metadata database: the
 * commit point of a partition replacement, and what a catalog (Athena/Glue partition locations)
 * is pointed from. A partition never replaced has no rows: its live files are the original
 * folder {@code <table>/<partition>/}.
 */
public interface PartitionGenerations {

    /** The id of the original folder's generation, before any replacement. */
    String ORIGINAL = "original";

    /**
     * @param location   where the generation's files are
     * @param retiredAt  when it stopped being live; null while live, or for an original folder that
     *                   stays in place (S3, where only the catalog moves)
     */
    record Generation(String table, String partition, String runId, String location, boolean live, Instant createdAt,
                      Instant retiredAt) {
    }

    Optional<Generation> live(String table, String partition);

    /**
     * Makes run {@code runId}'s generation at {@code location} live and retires the live one,
     * provided the live one is still {@code expectedRunId} ({@link #ORIGINAL} for a partition
     * never replaced): one transaction.
     *
     * @param retiredLocation where the retired generation's files are now; null to keep the original
     *                        folder in place, never deleted
     * @return false (nothing changed) when another generation became live meanwhile
     */
    boolean replace(String table, String partition, String expectedRunId, String runId, String location, String retiredLocation,
                    Instant at);

    /** The partitions of {@code table} whose live generation is run {@code runId}'s. */
    List<Generation> liveOf(String table, String runId);

    /** Retired generations older than {@code before}, oldest first, at most {@code limit}. */
    List<Generation> retiredBefore(Instant before, int limit);

    /** Forgets a retired generation whose files were deleted. */
    void forget(Generation retired);
}
