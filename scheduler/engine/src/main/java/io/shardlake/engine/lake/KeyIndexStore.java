package io.shardlake.engine.lake;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where each shard's lake key index is kept (the metadata database): the folded set of live keys,
 * and the deltas committed tasks added since the last fold. Tasks add their deltas in their commit
 * transaction; a reconciliation folds them.
 */
public interface KeyIndexStore {

    /** A shard's folded index: its generation (for compare-and-set) and its encoded {@link LiveKeys}. */
    record Folded(String generation, long keys, List<byte[]> parts) {
    }

    /** One stored part of a task's key delta. */
    record Delta(String id, long runSeq, int part, byte[] data) {
    }

    /**
     * The shard's index, or empty when it has none: the shard was loaded before the pipeline kept
     * one (its first load did not record its keys), so the index cannot tell its keys.
     */
    Optional<Folded> folded(String pipeline, String shard);

    /** Deltas not folded yet, in the order their tasks took their run sequence. */
    List<Delta> deltas(String pipeline, String shard);

    /**
     * Stores a new fold replacing {@code expectedGeneration} and deletes the deltas it folded, in one
     * transaction; false (nothing changed) when another fold replaced it first.
     */
    boolean replace(String pipeline, String shard, String expectedGeneration, List<byte[]> parts, long keys, List<String> foldedDeltas,
                    Instant at);

    /** Forgets a pipeline's index (its table is gone or reloaded from scratch). */
    void drop(String pipeline);
}
