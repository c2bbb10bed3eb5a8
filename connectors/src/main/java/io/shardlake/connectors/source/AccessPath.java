package io.shardlake.connectors.source;

/**
 * How a shard task walks the table. Both read exactly the rows of the window; they differ in what
 * they cost the replica.
 */
public enum AccessPath {

    /**
     * Keyset paging on the {@code (cursor, primary key)} index, in cursor order. Reads only the
     * window's rows, but each one is a lookup into the clustered index in random key order: cheap
     * for a narrow incremental window, ~12x the server CPU and ~16x the disk reads of a scan per
     * row once the window is a large share of a table that does not fit in the buffer pool.
     */
    CURSOR_INDEX("cursor index"),

    /**
     * Keyset paging on the primary key, in storage order, with the cursor bounds as a filter. Reads
     * every row of the table once, sequentially: the replica's cheapest way to read most of it.
     */
    PRIMARY_KEY("primary-key scan");

    private final String label;

    AccessPath(String label) {
        this.label = label;
    }

    /** Words for pages and logs. */
    public String label() {
        return label;
    }
}
