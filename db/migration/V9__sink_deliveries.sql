-- What each sink (the Athena catalog, Redshift) has been given of the runs committed to the lake.
-- A run that committed files gets one row per sink serving its pipeline; delivered_at is set when
-- the sink took it. A failed delivery keeps its row pending (attempts, last error) and the
-- pipeline's next run delivers it first, oldest first, so a sink never misses a committed run
-- and never sees them out of order. created_at, delivered_at: epoch milliseconds (UTC).
-- Portable across H2, MariaDB/MySQL and PostgreSQL.
CREATE TABLE sink_delivery (
    sink          VARCHAR(32)   NOT NULL,
    run_id        VARCHAR(40)   NOT NULL,
    pipeline      VARCHAR(128)  NOT NULL,
    backfill      INT           NOT NULL,
    created_at    BIGINT        NOT NULL,
    delivered_at  BIGINT,
    attempts      INT           NOT NULL DEFAULT 0,
    error         VARCHAR(4000),
    CONSTRAINT sink_delivery_pk PRIMARY KEY (sink, run_id)
);
-- A pipeline's pending deliveries, oldest first.
CREATE INDEX sink_delivery_pending ON sink_delivery (sink, pipeline, delivered_at, created_at);
-- Forgetting old deliveries (the ledger keeps a week of them).
CREATE INDEX sink_delivery_delivered ON sink_delivery (delivered_at);
