-- Compaction runs (trigger_kind COMPACTION) rewrite the small files of partitions into bigger
-- ones and switch them in as partition generations (see partition_generation, V4). Each tick of
-- every node asks, per pipeline, when its newest compaction was queued: this index answers it
-- without reading the pipeline's other runs.
CREATE INDEX pipeline_run_by_trigger ON pipeline_run (pipeline, trigger_kind, queued_at);
