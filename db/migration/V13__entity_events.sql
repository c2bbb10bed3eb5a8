-- Entity events waiting to be loaded: one row per event received (HTTP or a queue), until the
-- EVENT run that claimed it (run_id) succeeded, when it is deleted; a claiming run that ends
-- otherwise hands its events back (run_id NULL) for the next batch. The key is the primary key's
-- values as a JSON array; event_cursor the optional updated_at the event carried (ISO-8601 UTC).
CREATE TABLE entity_event (
  id           VARCHAR(36)  NOT NULL,
  pipeline     VARCHAR(64)  NOT NULL,
  shard        VARCHAR(64)  NOT NULL,
  entity_key   VARCHAR(1000) NOT NULL,
  op           VARCHAR(10)  NOT NULL,
  event_cursor VARCHAR(40),
  received_at  BIGINT       NOT NULL,
  run_id       VARCHAR(36),
  PRIMARY KEY (id)
);
CREATE INDEX ix_entity_event_pipeline ON entity_event (pipeline, run_id, received_at);
CREATE INDEX ix_entity_event_run ON entity_event (run_id, shard);
