#!/bin/bash
# First-start init for a MySQL 8.0 shard server of docker-compose.yml (mounted into
# /docker-entrypoint-initdb.d/). For each database in SHOP_DATABASES: create it, apply the demo
# schema (the same demo/schema.sql the built-in demo uses) and seed a few rows. Then let the
# service's read-only user SELECT from them and read replication status (replica lag checks).
#
# The image's entrypoint sources this file when it is not executable, so: no `exit`, no `set -u`.
set -eo pipefail

shop_schema="${SHOP_SCHEMA_SQL:-/shardlake/schema.sql}"
shop_seed="${SHOP_SEED_SQL:-/shardlake/seed.sql}"

shop_mysql() {
  # Socket as root: during init the server listens on no TCP port.
  MYSQL_PWD="${MYSQL_ROOT_PASSWORD}" mysql --protocol=socket -uroot --default-character-set=utf8mb4 "$@"
}

shop_mysql -e "CREATE USER IF NOT EXISTS '${SHARDLAKE_USER}'@'%' IDENTIFIED BY '${SHARDLAKE_PASSWORD}';
               GRANT REPLICATION CLIENT ON *.* TO '${SHARDLAKE_USER}'@'%';"

for shop_db in ${SHOP_DATABASES}; do
  echo "shardlake init: ${shop_db}: schema and seed rows"
  shop_mysql -e "CREATE DATABASE IF NOT EXISTS \`${shop_db}\` CHARACTER SET utf8mb4;
                 GRANT SELECT ON \`${shop_db}\`.* TO '${SHARDLAKE_USER}'@'%';"
  shop_mysql "${shop_db}" < "${shop_schema}"
  shop_mysql "${shop_db}" < "${shop_seed}"
done
