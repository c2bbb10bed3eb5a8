-- The monitoring pages show a pipeline's scheduled and manual runs by default, its backfill
-- chunks, event batches, reconciliations and compactions a filter away: one probe per trigger kind,
-- WHERE pipeline = ? AND trigger_kind = ? ORDER BY queued_at DESC, id DESC LIMIT n, each an index
-- range read of n entries however many runs of other kinds the pipeline has (a backfill of a year
-- queues 365 chunk runs). Portable across H2, MariaDB/MySQL and PostgreSQL.
CREATE INDEX pipeline_run_by_kind ON pipeline_run (pipeline, trigger_kind, queued_at, id);

-- A short log excerpt of each failed shard attempt, for the run page: the lines the node logged
-- about the failure and the head of the root cause's stack (the error column keeps the message
-- alone, which alerts and the run's error are built from). NULL for attempts that did not fail.
ALTER TABLE shard_run ADD COLUMN error_excerpt VARCHAR(4000);
