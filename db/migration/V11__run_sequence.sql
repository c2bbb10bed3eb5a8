-- The run sequence: a number each shard task takes when it starts reading its replica and writes
-- into every row it extracts (_run_seq), so that of two versions of a row with one cursor value the
-- later extract wins, in Athena's _latest view and in the Redshift merge alike. One counter row,
-- incremented under its row lock in the transaction that reads it back: strictly increasing across
-- every node sharing this database, with no gaps. (Not a native SEQUENCE: MySQL has none.)
-- Portable across H2, MariaDB/MySQL and PostgreSQL.
CREATE TABLE run_sequence (
    name       VARCHAR(32)  NOT NULL,
    allocated  BIGINT       NOT NULL,
    CONSTRAINT run_sequence_pk PRIMARY KEY (name)
);
INSERT INTO run_sequence (name, allocated) VALUES ('run_seq', 0);
