-- A short log excerpt of each failed shard attempt, for the run page: the line the node logged
-- about the failure and the head of the root cause's stack (the error column keeps the message
-- alone, which alerts and the run's error are built from). NULL for attempts that did not fail.
-- Portable across H2, MariaDB/MySQL and PostgreSQL.
ALTER TABLE shard_run ADD COLUMN error_excerpt VARCHAR(4000);
