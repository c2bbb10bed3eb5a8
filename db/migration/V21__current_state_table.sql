-- Current-state tables (target.current): <table>_current holds one row per (shard, primary key),
-- its newest version, in Parquet files bucketed by key range; readers find the live files through
-- one manifest object that is replaced whole (see io.shardlake.engine.current).
--
-- current_table: one row per table. generation counts committed updates (compare-and-set);
-- manifest_generation is the generation the manifest object in the lake shows (behind only after
-- a kill between the commit and the manifest's publish, repaired by the next update). The lease
-- keeps updates of one table to one writer at a time across nodes.
CREATE TABLE current_table (
    table_name           VARCHAR(128)  NOT NULL,
    generation           BIGINT        NOT NULL,
    manifest_generation  BIGINT        NOT NULL,
    last_run_id          VARCHAR(40),
    lease_owner          VARCHAR(64),
    lease_until          BIGINT,
    CONSTRAINT current_table_pk PRIMARY KEY (table_name)
);

-- The live buckets: each holds the keys of one shard from low_key (inclusive; NULL = the shard's
-- first key) to the next bucket's low_key, in one Parquet file.
CREATE TABLE current_bucket (
    table_name  VARCHAR(128)   NOT NULL,
    bucket_id   BIGINT         NOT NULL,
    shard       VARCHAR(64)    NOT NULL,
    low_key     VARCHAR(1000),
    file_key    VARCHAR(500)   NOT NULL,
    row_count   BIGINT         NOT NULL,
    byte_count  BIGINT         NOT NULL,
    CONSTRAINT current_bucket_pk PRIMARY KEY (table_name, bucket_id)
);

-- Every file an update writes, recorded PENDING before it is published; LIVE once the update's
-- transaction committed; RETIRED when a later update replaced it (deleted after a grace, so a
-- query that read the previous manifest can finish). A PENDING file found by the next writer is
-- from an update that never committed: it is deleted.
CREATE TABLE current_file (
    table_name  VARCHAR(128)  NOT NULL,
    file_key    VARCHAR(500)  NOT NULL,
    generation  BIGINT        NOT NULL,
    state       VARCHAR(16)   NOT NULL,
    retired_at  BIGINT,
    CONSTRAINT current_file_pk PRIMARY KEY (table_name, file_key)
);
CREATE INDEX current_file_by_state ON current_file (table_name, state, retired_at);
