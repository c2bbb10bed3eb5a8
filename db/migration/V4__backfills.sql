-- Backfills: an on-call request to reload the partitions of [range_from, range_to) (epoch ms, UTC
-- partition boundaries) for some shards. Each chunk is an ordinary pipeline_run (lane BACKFILL,
-- backfill_id set, run_key backfill:<id>:<chunk>), so chunks are queued, leased, retried and
-- recovered like scheduled runs. The state here is the operator's intent (ACTIVE, PAUSED,
-- CANCELLED) until every chunk has ended (SUCCEEDED or FAILED).
CREATE TABLE backfill (
    id                 VARCHAR(40)   NOT NULL,
    pipeline           VARCHAR(128)  NOT NULL,
    range_from         BIGINT        NOT NULL,
    range_to           BIGINT        NOT NULL,
    shards             VARCHAR(2000) NOT NULL,
    max_concurrency    INT           NOT NULL,
    window_start       VARCHAR(5),
    window_end         VARCHAR(5),
    window_zone        VARCHAR(64),
    chunks             INT           NOT NULL,
    state              VARCHAR(16)   NOT NULL,
    created_at         BIGINT        NOT NULL,
    changed_at         BIGINT        NOT NULL,
    reason             VARCHAR(1000),
    CONSTRAINT backfill_pk PRIMARY KEY (id)
);
CREATE INDEX backfill_by_pipeline ON backfill (pipeline, created_at);

-- Generations of replaced partitions. A backfill chunk writes a partition's new contents into a
-- folder of its own, then makes it the partition's live generation in one transaction guarded by
-- the previous live generation (compare-and-set), so two replacements never interleave. Retired
-- generations are deleted after a grace period, once no query can still be reading them.
-- location: where the generation's files are now (the live folder for a local lake, where folders
-- are swapped by rename; the generation's own prefix on S3, which the catalog points at).
CREATE TABLE partition_generation (
    table_name         VARCHAR(128)  NOT NULL,
    partition_folder   VARCHAR(64)   NOT NULL,
    run_id             VARCHAR(40)   NOT NULL,
    location           VARCHAR(700)  NOT NULL,
    live               SMALLINT      NOT NULL,
    created_at         BIGINT        NOT NULL,
    retired_at         BIGINT,
    CONSTRAINT partition_generation_pk PRIMARY KEY (table_name, partition_folder, run_id)
);
CREATE INDEX partition_generation_retired ON partition_generation (live, retired_at);
