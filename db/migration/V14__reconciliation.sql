-- Reconciliation of hard deletes: the lake's live keys of each (pipeline, shard), kept compact so
-- that a reconciliation never scans every version of the table.
--
-- lake_key_delta: the keys one committed shard task wrote, and which of them as tombstones. Written
-- in the transaction that commits the task (so a kill -9 leaves either the task and its delta, or
-- neither); folded into the index by the next reconciliation, which deletes them in the same
-- transaction that stores the new index. Only pipelines with source.reconcile write them.
-- Encoded by io.shardlake.engine.reconcile.KeyDelta (deflated delta varints and a tombstone bitmap).
CREATE TABLE lake_key_delta (
    id          VARCHAR(40)    NOT NULL,
    pipeline    VARCHAR(128)   NOT NULL,
    shard       VARCHAR(64)    NOT NULL,
    run_id      VARCHAR(40)    NOT NULL,
    run_seq     BIGINT         NOT NULL,
    part        INT            NOT NULL,
    keys_count  INT            NOT NULL,
    data        ${blob_type}   NOT NULL,
    created_at  BIGINT         NOT NULL,
    CONSTRAINT lake_key_delta_pk PRIMARY KEY (id)
);
CREATE INDEX lake_key_delta_by_shard ON lake_key_delta (pipeline, shard, run_seq, part);

-- The folded index: the sorted live keys of a shard (io.shardlake.engine.reconcile.LiveKeys), in
-- parts of at most 512 KiB; generation changes with every fold (compare-and-set).
CREATE TABLE lake_key_index (
    pipeline    VARCHAR(128)   NOT NULL,
    shard       VARCHAR(64)    NOT NULL,
    generation  VARCHAR(40)    NOT NULL,
    keys_count  BIGINT         NOT NULL,
    built_at    BIGINT         NOT NULL,
    CONSTRAINT lake_key_index_pk PRIMARY KEY (pipeline, shard)
);
CREATE TABLE lake_key_index_part (
    pipeline    VARCHAR(128)   NOT NULL,
    shard       VARCHAR(64)    NOT NULL,
    generation  VARCHAR(40)    NOT NULL,
    part        INT            NOT NULL,
    data        ${blob_type}   NOT NULL,
    CONSTRAINT lake_key_index_part_pk PRIMARY KEY (pipeline, shard, generation, part)
);

-- What each shard of a RECONCILE run found: keys on each side, key ranges compared and differing,
-- rows the replica examined, keys deleted at the source (tombstones queued as delete events) and
-- keys missing from the lake (reloaded as upsert events; a sign of data loss), with a sample.
CREATE TABLE shard_reconciliation (
    run_id          VARCHAR(40)    NOT NULL,
    shard           VARCHAR(64)    NOT NULL,
    pipeline        VARCHAR(128)   NOT NULL,
    source_keys     BIGINT         NOT NULL,
    lake_keys       BIGINT         NOT NULL,
    ranges          INT            NOT NULL,
    ranges_differing INT           NOT NULL,
    rows_examined   BIGINT         NOT NULL,
    deleted_keys    BIGINT         NOT NULL,
    missing_keys    BIGINT         NOT NULL,
    sample          VARCHAR(2000),
    finished_at     BIGINT         NOT NULL,
    CONSTRAINT shard_reconciliation_pk PRIMARY KEY (run_id, shard)
);
CREATE INDEX shard_reconciliation_by_pipeline ON shard_reconciliation (pipeline, finished_at);
