-- What each shard task's read cost the replica, so an operator sees a load that hurts one:
-- the access path it chose (cursor index or primary-key scan) and the replica's estimates it chose
-- from, the rows the storage engine examined (NULL where the source cannot tell, e.g. the H2 demo)
-- and the time spent waiting for the replica. NULL on tasks that read nothing and on older rows.
-- Portable across H2, MariaDB/MySQL and PostgreSQL (one column per statement).
ALTER TABLE shard_run ADD COLUMN access_path VARCHAR(20);
ALTER TABLE shard_run ADD COLUMN window_rows_estimate BIGINT;
ALTER TABLE shard_run ADD COLUMN table_rows_estimate BIGINT;
ALTER TABLE shard_run ADD COLUMN rows_examined BIGINT;
ALTER TABLE shard_run ADD COLUMN query_millis BIGINT;
