-- Run records, per-shard tasks, the files each task published, and per-shard watermarks.
-- Portable across H2, MariaDB/MySQL and PostgreSQL: instants are epoch milliseconds (BIGINT),
-- cursor values are text 'yyyy-MM-dd HH:mm:ss.SSSSSS' in the cursor's own zone (exact, sortable,
-- and immune to drivers that drop fractional seconds). ${blob_type} is set per database.

CREATE TABLE pipeline_run (
    id               VARCHAR(40)   NOT NULL PRIMARY KEY,
    pipeline         VARCHAR(128)  NOT NULL,
    definition_version VARCHAR(64) NOT NULL,
    trigger_kind     VARCHAR(16)   NOT NULL,
    state            VARCHAR(16)   NOT NULL,
    started_at       BIGINT        NOT NULL,
    finished_at      BIGINT,
    rows_read        BIGINT        NOT NULL DEFAULT 0,
    rows_written     BIGINT        NOT NULL DEFAULT 0,
    rows_quarantined BIGINT        NOT NULL DEFAULT 0,
    files            INT           NOT NULL DEFAULT 0,
    bytes            BIGINT        NOT NULL DEFAULT 0,
    error            VARCHAR(4000)
);
CREATE INDEX pipeline_run_by_pipeline ON pipeline_run (pipeline, started_at);

CREATE TABLE shard_run (
    run_id           VARCHAR(40)   NOT NULL,
    shard            VARCHAR(64)   NOT NULL,
    pipeline         VARCHAR(128)  NOT NULL,
    state            VARCHAR(16)   NOT NULL,
    window_from      VARCHAR(32),
    window_until     VARCHAR(32),
    rows_read        BIGINT        NOT NULL DEFAULT 0,
    rows_skipped     BIGINT        NOT NULL DEFAULT 0,
    rows_written     BIGINT        NOT NULL DEFAULT 0,
    rows_quarantined BIGINT        NOT NULL DEFAULT 0,
    files            INT           NOT NULL DEFAULT 0,
    bytes            BIGINT        NOT NULL DEFAULT 0,
    started_at       BIGINT        NOT NULL,
    finished_at      BIGINT,
    error            VARCHAR(4000),
    PRIMARY KEY (run_id, shard)
);
CREATE INDEX shard_run_by_state ON shard_run (pipeline, shard, state);

-- Files a shard task is about to publish or has published. Written before the first upload, so
-- a crash between upload and commit leaves a record of what to delete.
CREATE TABLE shard_run_file (
    run_id           VARCHAR(40)   NOT NULL,
    shard            VARCHAR(64)   NOT NULL,
    seq              INT           NOT NULL,
    object_key       VARCHAR(700)  NOT NULL,
    kind             VARCHAR(16)   NOT NULL,
    rows_count       BIGINT        NOT NULL,
    bytes            BIGINT        NOT NULL,
    PRIMARY KEY (run_id, shard, seq)
);

CREATE TABLE shard_watermark (
    pipeline         VARCHAR(128)  NOT NULL,
    shard            VARCHAR(64)   NOT NULL,
    cursor_value     VARCHAR(32)   NOT NULL,
    tail_from        VARCHAR(32),
    tail             ${blob_type},
    last_run_id      VARCHAR(40)   NOT NULL,
    updated_at       BIGINT        NOT NULL,
    PRIMARY KEY (pipeline, shard)
);
