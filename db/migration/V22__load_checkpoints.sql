-- Rebuild loads committed in slices (see io.shardlake.engine.run.LoadCheckpoint). A rebuild's shard
-- load in primary-key order commits every slice (a million rows by default) on its own: the slice's
-- files are marked committed and the checkpoint moves to its last key in one transaction, so a
-- task that dies loses only its uncommitted slice and the next one reads on after that key.
--
-- slice_committed_at: set when the file's slice committed; recovery of a task that died removes
-- only the files without it. NULL for every other file (committed with its task, or not at all).
ALTER TABLE shard_run_file ADD COLUMN slice_committed_at BIGINT;

-- load_checkpoint: one row per (stream, shard) whose load is under way, dropped when its last
-- slice commits the watermark. until_value: the load's window ceiling (cursor text, as
-- shard_watermark.cursor_value); after_key: the last committed key, a JSON array in key-column
-- order; tail: the tail digest of the rows loaded so far; rows_read .. bytes: what the committed
-- slices did, over every task of the load.
CREATE TABLE load_checkpoint (
    stream            VARCHAR(160)  NOT NULL,
    shard             VARCHAR(64)   NOT NULL,
    until_value       VARCHAR(32)   NOT NULL,
    after_key         VARCHAR(2000) NOT NULL,
    tail_from         VARCHAR(32),
    tail              ${blob_type},
    rows_read         BIGINT        NOT NULL,
    rows_skipped      BIGINT        NOT NULL,
    rows_written      BIGINT        NOT NULL,
    rows_quarantined  BIGINT        NOT NULL,
    files             INT           NOT NULL,
    bytes             BIGINT        NOT NULL,
    run_id            VARCHAR(40)   NOT NULL,
    updated_at        BIGINT        NOT NULL,
    CONSTRAINT load_checkpoint_pk PRIMARY KEY (stream, shard)
);
