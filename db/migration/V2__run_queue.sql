-- Runs become a persisted queue shared by every node: each run has an identity (run_key, unique:
-- a scheduled interval is created once however many nodes fire it), a data interval
-- [interval_start, interval_end) in epoch ms, a lease (lease_owner, lease_until) renewed by the
-- node running it, and a fencing counter (attempt) bumped by every claim, so a node whose lease
-- was taken over can no longer commit. Shard tasks get an attempt number (retries, take-overs).
--
-- Tables are renamed, recreated and copied instead of altered: changing a primary key or a
-- column's nullability has no portable ALTER across H2, MariaDB/MySQL and PostgreSQL. New
-- constraints are named: PostgreSQL keeps the renamed tables' index names (pipeline_run_pkey...).

ALTER TABLE pipeline_run RENAME TO pipeline_run_v1;
ALTER TABLE shard_run RENAME TO shard_run_v1;
ALTER TABLE shard_run_file RENAME TO shard_run_file_v1;

CREATE TABLE pipeline_run (
    id                 VARCHAR(40)   NOT NULL,
    pipeline           VARCHAR(128)  NOT NULL,
    run_key            VARCHAR(255)  NOT NULL,
    trigger_kind       VARCHAR(16)   NOT NULL,
    lane               VARCHAR(16)   NOT NULL,
    definition_version VARCHAR(64)   NOT NULL,
    interval_start     BIGINT,
    interval_end       BIGINT,
    state              VARCHAR(16)   NOT NULL,
    queued_at          BIGINT        NOT NULL,
    started_at         BIGINT,
    finished_at        BIGINT,
    attempt            INT           NOT NULL DEFAULT 0,
    lease_owner        VARCHAR(128),
    lease_until        BIGINT,
    cancel_reason      VARCHAR(1000),
    backfill_id        VARCHAR(40),
    shard_subset       VARCHAR(2000),
    rows_read          BIGINT        NOT NULL DEFAULT 0,
    rows_written       BIGINT        NOT NULL DEFAULT 0,
    rows_quarantined   BIGINT        NOT NULL DEFAULT 0,
    files              INT           NOT NULL DEFAULT 0,
    bytes              BIGINT        NOT NULL DEFAULT 0,
    error              VARCHAR(4000),
    CONSTRAINT pipeline_run_pk PRIMARY KEY (id),
    CONSTRAINT pipeline_run_identity UNIQUE (pipeline, run_key)
);
CREATE INDEX pipeline_run_queue ON pipeline_run (state, queued_at);
CREATE INDEX pipeline_run_history ON pipeline_run (pipeline, queued_at);
CREATE INDEX pipeline_run_intervals ON pipeline_run (pipeline, state, interval_end);
CREATE INDEX pipeline_run_backfill ON pipeline_run (backfill_id);

INSERT INTO pipeline_run (id, pipeline, run_key, trigger_kind, lane, definition_version, state, queued_at, started_at,
                          finished_at, attempt, rows_read, rows_written, rows_quarantined, files, bytes, error)
SELECT id, pipeline, CONCAT('legacy:', id), trigger_kind, 'INCREMENTAL', definition_version,
       CASE WHEN state = 'RUNNING' THEN 'FAILED' ELSE state END, started_at, started_at, finished_at, 1,
       rows_read, rows_written, rows_quarantined, files, bytes, error
FROM pipeline_run_v1;

CREATE TABLE shard_run (
    run_id           VARCHAR(40)   NOT NULL,
    shard            VARCHAR(64)   NOT NULL,
    attempt          INT           NOT NULL,
    run_attempt      INT           NOT NULL,
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
    CONSTRAINT shard_run_pk PRIMARY KEY (run_id, shard, attempt)
);
CREATE INDEX shard_run_unfinished ON shard_run (pipeline, shard, state);

INSERT INTO shard_run (run_id, shard, attempt, run_attempt, pipeline, state, window_from, window_until, rows_read,
                       rows_skipped, rows_written, rows_quarantined, files, bytes, started_at, finished_at, error)
SELECT run_id, shard, 1, 1, pipeline, state, window_from, window_until, rows_read, rows_skipped, rows_written,
       rows_quarantined, files, bytes, started_at, finished_at, error
FROM shard_run_v1;

CREATE TABLE shard_run_file (
    run_id           VARCHAR(40)   NOT NULL,
    shard            VARCHAR(64)   NOT NULL,
    attempt          INT           NOT NULL,
    seq              INT           NOT NULL,
    object_key       VARCHAR(700)  NOT NULL,
    kind             VARCHAR(16)   NOT NULL,
    rows_count       BIGINT        NOT NULL,
    bytes            BIGINT        NOT NULL,
    CONSTRAINT shard_run_file_pk PRIMARY KEY (run_id, shard, attempt, seq)
);

INSERT INTO shard_run_file (run_id, shard, attempt, seq, object_key, kind, rows_count, bytes)
SELECT run_id, shard, 1, seq, object_key, kind, rows_count, bytes FROM shard_run_file_v1;

DROP TABLE shard_run_file_v1;
DROP TABLE shard_run_v1;
DROP TABLE pipeline_run_v1;

-- Per-pipeline operator state shared by the nodes: paused or not, and the row each claim locks
-- so two nodes never both start a run of one pipeline past its limits.
CREATE TABLE pipeline_state (
    pipeline         VARCHAR(128)  NOT NULL PRIMARY KEY,
    paused           SMALLINT      NOT NULL DEFAULT 0,
    changed_at       BIGINT        NOT NULL,
    changed_by       VARCHAR(128)
);

-- The exact text of every definition version a run was started with, so a run taken over by
-- another node (or resumed after a restart) runs the version it started with.
CREATE TABLE definition_version (
    pipeline         VARCHAR(128)  NOT NULL,
    version          VARCHAR(64)   NOT NULL,
    file_name        VARCHAR(255)  NOT NULL,
    content          ${blob_type}  NOT NULL,
    first_seen_at    BIGINT        NOT NULL,
    PRIMARY KEY (pipeline, version)
);

-- The watermark as an instant (epoch ms), for freshness: cursor_value is in the cursor column's
-- own zone, which only the source knows.
ALTER TABLE shard_watermark ADD COLUMN cursor_at BIGINT;
