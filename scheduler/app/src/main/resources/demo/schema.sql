-- Source tables of the built-in demo and of docker-compose's shard servers: one script that runs
-- unchanged on MySQL 8.0, MariaDB 10.11 and H2 2.4 (MODE=MySQL;DATABASE_TO_LOWER=TRUE).
-- Ids are per-shard sequences; the lake keys rows by (shard, id).
-- JSON lives in LONGTEXT, not JSON: H2 and MariaDB differ on JSON, and malformed documents must be
-- storable so the pipeline's quarantine has something to catch.
-- Every table has an (updated_at, id) index for keyset extraction: (updated_at, id) > (?, ?).
-- orders.customer_id is indexed: the orders pipeline joins customers, and a changed customer's
-- orders are found through it.
-- Index names are unique across tables because H2 keeps index names per schema.

CREATE TABLE IF NOT EXISTS orders (
  id          BIGINT        NOT NULL,
  customer_id BIGINT        NOT NULL,
  status      VARCHAR(20)   NOT NULL,
  amount      DECIMAL(12,2) NOT NULL,
  currency    CHAR(3)       NOT NULL,
  note        VARCHAR(255)  NULL,
  payload     LONGTEXT      NULL,
  created_at  DATETIME(3)   NOT NULL,
  updated_at  DATETIME(3)   NOT NULL,
  PRIMARY KEY (id),
  KEY ix_orders_updated_at_id (updated_at, id),
  KEY ix_orders_customer_id (customer_id)
) DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS form_submissions (
  id           BIGINT      NOT NULL,
  form_id      BIGINT      NOT NULL,
  submitted_by BIGINT      NOT NULL,
  answers      LONGTEXT    NULL,
  created_at   DATETIME(3) NOT NULL,
  updated_at   DATETIME(3) NOT NULL,
  PRIMARY KEY (id),
  KEY ix_form_submissions_updated_at_id (updated_at, id)
) DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS customers (
  id          BIGINT       NOT NULL,
  email       VARCHAR(255) NOT NULL,
  full_name   VARCHAR(255) NOT NULL,
  country     CHAR(2)      NULL,
  tier        VARCHAR(16)  NOT NULL,
  is_active   TINYINT(1)   NOT NULL,
  signup_date DATE         NOT NULL,
  attributes  LONGTEXT     NULL,
  created_at  DATETIME(3)  NOT NULL,
  updated_at  DATETIME(3)  NOT NULL,
  PRIMARY KEY (id),
  KEY ix_customers_updated_at_id (updated_at, id)
) DEFAULT CHARSET=utf8mb4;
