-- Open alert incidents, shared by every node: one row per (pipeline, kind) while the incident lasts
-- (a run failure until the pipeline's next successful run, a freshness breach until freshness is
-- back under its threshold). The primary key is what makes an alert go out once: of several nodes
-- that see the same incident, only one insert succeeds, and only that node sends the webhook.
-- Closing an incident deletes its row. Portable across H2, MariaDB/MySQL and PostgreSQL; times are
-- epoch milliseconds as in V1/V2.

CREATE TABLE alert_incident (
    pipeline   VARCHAR(128)  NOT NULL,
    kind       VARCHAR(32)   NOT NULL,
    run_id     VARCHAR(40),
    reason     VARCHAR(4000),
    opened_at  BIGINT        NOT NULL,
    opened_by  VARCHAR(128),
    CONSTRAINT alert_incident_pk PRIMARY KEY (pipeline, kind)
);
