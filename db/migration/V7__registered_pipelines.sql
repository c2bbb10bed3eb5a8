-- Pipelines registered through the web form or REST, every version kept: one row per saved
-- version, numbered 1, 2, ... per pipeline. The primary key (pipeline, version) is what keeps two
-- concurrent saves of one pipeline from both getting the same number: the second insert fails and
-- that save is refused with a conflict. The latest version of each pipeline joins the definitions
-- folder's in the catalog the scheduler runs. definition holds the exact YAML text (UTF-8), as
-- definition_version.content does; created_at is epoch milliseconds as in V1/V2. Portable across
-- H2, MariaDB/MySQL and PostgreSQL.
CREATE TABLE registered_pipeline_version (
    pipeline    VARCHAR(128)   NOT NULL,
    version     INT            NOT NULL,
    definition  ${blob_type}   NOT NULL,
    author      VARCHAR(128)   NOT NULL,
    created_at  BIGINT         NOT NULL,
    comment     VARCHAR(1000),
    CONSTRAINT registered_pipeline_version_pk PRIMARY KEY (pipeline, version)
);
