-- Pipelines with source.mode cdc follow each shard's binlog. Where a shard's changes were taken up
-- to (file:offset, the GTID position, the server id; see BinlogPosition) is committed in the same
-- row and transaction as the watermark, its tail digest and the task's files becoming SUCCEEDED,
-- so a restart or another node resumes exactly there. NULL for pipelines that poll.
ALTER TABLE shard_watermark ADD COLUMN binlog_position VARCHAR(2000);
