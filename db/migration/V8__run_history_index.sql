-- The monitoring pages read each pipeline's newest runs: WHERE pipeline = ? ORDER BY queued_at
-- DESC, id DESC LIMIT n (the list's last run and duration sparkline, the detail page's grid). With
-- id in the index that order is the index order on every database, so each probe reads exactly n
-- index entries however long the history is; pipeline_run_history (pipeline, queued_at) left a
-- sort of the ties. Portable across H2, MariaDB/MySQL and PostgreSQL.
CREATE INDEX pipeline_run_recent ON pipeline_run (pipeline, queued_at, id);
