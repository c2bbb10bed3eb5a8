-- What re-reading the view rows that depend on changed joined rows cost, per join of a joined
-- view's shard task: "<join>,<changed rows>,<rows sent>,<rows examined or -1>,<query millis>",
-- joins separated by ";". NULL for pipelines without joins, tasks that read nothing and older rows.
ALTER TABLE shard_run ADD COLUMN join_reads VARCHAR(4000);
