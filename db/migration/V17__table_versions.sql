-- Table versions and rebuilds. A rebuild reloads a pipeline's whole table with a given definition
-- version into a new table version stored beside the live one (<table>__v<N>), while scheduled
-- runs keep the live version fresh. Each version has its own stream of watermarks, tail digests
-- and key index, kept under the name <pipeline>@v<N> until it is live; making a version live
-- swaps the streams' names in one transaction, so the next scheduled run continues the new
-- version's watermarks, and rolling back swaps them again.
--
-- table_version: one row per version of a pipeline's table once it has been rebuilt at least once
-- (version 1, the table as first loaded, gets its row when the first rebuild starts).
-- state: BUILDING, LIVE, RETIRED (kept for rollback until retired_at + retention), DISCARDED.
CREATE TABLE table_version (
    pipeline            VARCHAR(128)  NOT NULL,
    version             INT           NOT NULL,
    definition_version  VARCHAR(64)   NOT NULL,
    table_name          VARCHAR(160)  NOT NULL,
    state               VARCHAR(16)   NOT NULL,
    rebuild_id          VARCHAR(40),
    created_at          BIGINT        NOT NULL,
    live_since          BIGINT,
    retired_at          BIGINT,
    CONSTRAINT table_version_pk PRIMARY KEY (pipeline, version)
);

-- A rebuild: the operator's intent (ACTIVE, PAUSED, CANCELLED) while its shards load (one run per
-- shard, trigger REBUILD, backfill lane, run_key rebuild:<id>:<shard>, backfill_id = the rebuild's
-- id), then SWITCHING while its switch run catches every shard up (trigger REBUILD_SWITCH), then
-- LIVE, FAILED or ROLLED_BACK.
CREATE TABLE rebuild (
    id                  VARCHAR(40)   NOT NULL,
    pipeline            VARCHAR(128)  NOT NULL,
    version             INT           NOT NULL,
    from_version        INT           NOT NULL,
    definition_version  VARCHAR(64)   NOT NULL,
    shards              VARCHAR(2000) NOT NULL,
    max_concurrency     INT           NOT NULL,
    window_start        VARCHAR(5),
    window_end          VARCHAR(5),
    window_zone         VARCHAR(64),
    state               VARCHAR(16)   NOT NULL,
    created_at          BIGINT        NOT NULL,
    changed_at          BIGINT        NOT NULL,
    reason              VARCHAR(1000),
    CONSTRAINT rebuild_pk PRIMARY KEY (id)
);
CREATE INDEX rebuild_by_pipeline ON rebuild (pipeline, created_at);
