package io.shardlake.engine.definition;

import static io.shardlake.engine.definition.Definitions.MINIMAL;
import static io.shardlake.engine.definition.Definitions.errorsOf;
import static io.shardlake.engine.definition.Definitions.minimalWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One rule per row: a change to the minimal valid definition, and the single error it must give.
 * Exactly one error is expected, so a rule that also triggers follow-up noise fails here.
 */
class DefinitionValidationTest {

    private static final String TYPES = "string, json, bigint, int, double, boolean, timestamp, date, decimal(p,s)";
    private static final String SNAKE = "is not lower_snake_case (Athena reads Parquet columns by name): use a-z, 0-9 and _,"
            + " starting with a letter, at most 63 characters, e.g. order_id";
    private static final String IDENTIFIER = "is not a plain SQL identifier: use letters, digits, _ and $, starting with a letter or _,"
            + " at most 64 characters, e.g. updated_at";
    private static final String LAST_COLUMN = "    - {name: updated_at, type: timestamp}\n";
    private static final String OUTPUTS = "order_id, status, updated_at, _shard, _extracted_at, _run_id, _run_seq";

    record Rule(String description, String find, String replacement, String field, String message) {
        @Override
        public String toString() {
            return description;
        }
    }

    /** A rule whose change appends to the transform (after the last column). */
    private static Rule addToTransform(String description, String yaml, String field, String message) {
        return new Rule(description, LAST_COLUMN, LAST_COLUMN + yaml, field, message);
    }

    static Stream<Rule> rules() {
        return Stream.of(
                // name
                new Rule("name is required", "name: orders\n", "", "name", "is missing; e.g. name: orders"),
                new Rule("name is lower_snake_case", "name: orders", "name: Orders", "name",
                        "'Orders' is not lower_snake_case: use a-z, 0-9 and _, starting with a letter, at most 63 characters, e.g. orders_daily"),
                new Rule("name is at most 63 characters", "name: orders", "name: " + "o".repeat(64), "name",
                        "'" + "o".repeat(64) + "' is not lower_snake_case: use a-z, 0-9 and _, starting with a letter, at most 63 characters, e.g. orders_daily"),
                new Rule("name is text", "name: orders", "name: 42", "name", "expected text, found the number 42"),
                // schedule
                new Rule("schedule is required", "schedule: \"*/15 * * * *\"\n", "", "schedule", "is missing; e.g. schedule: \"*/15 * * * *\""),
                new Rule("schedule has 5, 6 or 7 fields", "*/15 * * * *", "*/15 * * *", "schedule",
                        "'*/15 * * *' has 4 fields; write 5-field Unix cron (minute hour day-of-month month day-of-week), 6-7 field Quartz cron"
                                + " or a shorthand; e.g. \"*/15 * * * *\" (every 15 minutes), \"0 2 * * *\" (daily at 02:00) or \"@hourly\""),
                new Rule("schedule values are in range", "*/15 * * * *", "0 25 * * *", "schedule",
                        "'0 25 * * *' is not a valid cron expression (Hour values must be between 0 and 23); e.g. \"*/15 * * * *\""
                                + " (every 15 minutes), \"0 2 * * *\" (daily at 02:00) or \"@hourly\""),
                new Rule("schedule shorthands are the known ones", "*/15 * * * *", "@yearly", "schedule",
                        "unknown shorthand '@yearly'; use one of @daily, @hourly, @midnight, @monthly, @weekly"),
                new Rule("schedule does not set both day fields", "*/15 * * * *", "0 2 1 * 1", "schedule",
                        "'0 2 1 * 1' sets both day-of-month and day-of-week, which Quartz cannot combine; set one of them to *"),
                new Rule("schedule_zone is a zone id", "name: orders\n", "name: orders\nschedule_zone: Mars/Olympus\n", "schedule_zone",
                        "unknown time zone 'Mars/Olympus'; use a region id such as UTC, Europe/Berlin or America/Sao_Paulo"),
                // source
                new Rule("source is required", "source:\n  connection: shop\n  table: orders\n", "", "source",
                        "is missing; e.g. source: {connection: shop, table: orders}"),
                new Rule("source is a mapping", "source:\n  connection: shop\n  table: orders\n", "source: shop\n", "source",
                        "expected a mapping of fields (key: value), found text 'shop'"),
                new Rule("source.connection is required", "  connection: shop\n", "", "source.connection", "is missing; e.g. connection: shop"),
                new Rule("source.connection is configured", "connection: shop", "connection: shopp", "source.connection",
                        "unknown connection 'shopp'; configured connections (shardlake.sources.<name>): crm, shop"),
                new Rule("source.table is required", "  table: orders\n", "", "source.table", "is missing; e.g. table: orders"),
                new Rule("source.table is an identifier", "table: orders", "table: order-s", "source.table", "'order-s' " + IDENTIFIER),
                new Rule("source.cursor is an identifier", "table: orders", "table: orders\n  cursor: \"updated at\"", "source.cursor",
                        "'updated at' " + IDENTIFIER),
                new Rule("source.primary_key is a list", "table: orders", "table: orders\n  primary_key: id", "source.primary_key",
                        "expected a list such as [a, b], found text 'id'"),
                new Rule("source.primary_key is not empty", "table: orders", "table: orders\n  primary_key: []", "source.primary_key",
                        "list at least one key column, e.g. primary_key: [id]"),
                new Rule("source.primary_key holds identifiers", "table: orders", "table: orders\n  primary_key: [id, \"shop id\"]",
                        "source.primary_key[1]", "'shop id' " + IDENTIFIER),
                new Rule("source.primary_key holds text", "table: orders", "table: orders\n  primary_key: [[id]]",
                        "source.primary_key[0]", "expected text, found a list"),
                // source.joins
                new Rule("source.joins is a list of mappings", "table: orders", "table: orders\n  joins: customers", "source.joins",
                        "expected a list of mappings (lines starting with '- '), found text 'customers'"),
                new Rule("a join needs a table", "table: orders", "table: orders\n  joins: [{name: customer, column: customer_id}]",
                        "source.joins[0].table", "is missing; e.g. table: customers"),
                new Rule("a join's type is left or inner", "table: orders",
                        "table: orders\n  joins: [{name: customer, table: customers, column: customer_id, type: outer}]",
                        "source.joins[0].type", "'outer' is not a join type: use left (source rows without a match keep null joined"
                                + " columns), inner (they are left out) or many (one-to-many, folded into aggregates)"),
                new Rule("a one-to-many join has aggregates", "table: orders",
                        "table: orders\n  joins: [{name: items, table: order_items, column: order_id, type: many}]",
                        "source.joins[0].aggregates", "a one-to-many join folds each row's rows into aggregates: list at least one,"
                                + " e.g. aggregates: [{name: count, function: count}]"),
                new Rule("only a one-to-many join has aggregates", "table: orders",
                        "table: orders\n  joins: [{name: customer, table: customers, column: customer_id,"
                                + " aggregates: [{name: count, function: count}]}]",
                        "source.joins[0].aggregates", "only a one-to-many join (type: many) folds rows into aggregates"),
                new Rule("an aggregate's function is a known one", "table: orders",
                        "table: orders\n  joins: [{name: items, table: order_items, column: order_id, type: many,"
                                + " aggregates: [{name: n, function: avg, of: [price]}]}]",
                        "source.joins[0].aggregates[0].function", "'avg' is not an aggregate: use count, sum, min, max or json_array"),
                new Rule("sum takes one column", "table: orders",
                        "table: orders\n  joins: [{name: items, table: order_items, column: order_id, type: many,"
                                + " aggregates: [{name: total, function: sum}]}]",
                        "source.joins[0].aggregates[0].of", "SUM takes one column"),
                new Rule("a join's connection is a configured one", "table: orders",
                        "table: orders\n  joins: [{name: product, connection: catalog, table: products, column: product_id}]",
                        "source.joins[0].connection", "unknown connection 'catalog'; configured connections (shardlake.sources.<name>): crm, shop"),
                new Rule("a table of another connection is joined left", "table: orders",
                        "table: orders\n  joins: [{name: customer, connection: crm, table: customers, column: customer_id, type: inner}]",
                        "source.joins[0].type", "a table of another connection is looked up by key and joined left; remove type or set type: left"),
                new Rule("join names are unique", "table: orders", "table: orders\n  joins: [{name: customer, table: customers,"
                                + " column: customer_id}, {name: customer, table: stores, column: store_id}]",
                        "source.joins[1].name", "'customer' names another join too; each join needs its own name"),
                new Rule("a joined column names a declared join", "    - {name: status, type: string}\n",
                        "    - {name: status, type: string}\n    - {name: tier, from: customer.tier, type: string}\n",
                        "transform.columns[2].from", "'customer.tier' reads a column of join 'customer', but source.joins declares no join"),
                new Rule("a joined column is <join>.<column>", "    - {name: status, type: string}\n",
                        "    - {name: status, type: string}\n    - {name: tier, from: Customer.tier, type: string}\n",
                        "transform.columns[2].from", "'Customer.tier' is neither a plain SQL identifier nor <join>.<column>, a column of"
                                + " a joined table (a join's name is lower_snake_case), e.g. customer.tier"),
                new Rule("the cursor is kept in the output", "table: orders", "table: orders\n  cursor: changed_at", "source.cursor",
                        "the cursor column 'changed_at' is not kept in the output; map it under transform.columns as a timestamp,"
                                + " e.g. - {name: changed_at, type: timestamp}; it is needed for partitioning and dedupe"),
                new Rule("the cursor is kept as a timestamp", "{name: updated_at, type: timestamp}", "{name: updated_at, type: date}",
                        "transform.columns[2].type",
                        "the cursor column 'updated_at' must be kept as a timestamp, not date; it is needed for partitioning and dedupe"),
                // transform.columns
                new Rule("transform is required", MINIMAL.substring(MINIMAL.indexOf("transform:")), "", "transform", "is missing; e.g. transform: {columns: [...]}"),
                new Rule("column type is known", "type: string", "type: strng", "transform.columns[1].type",
                        "unknown type 'strng'; use one of " + TYPES),
                new Rule("column type is required", "{name: status, type: string}", "{name: status}", "transform.columns[1].type",
                        "is missing; e.g. type: bigint"),
                new Rule("decimal precision is at most 38", "type: string", "type: \"decimal(40,2)\"", "transform.columns[1].type",
                        "decimal precision must be 1..38, was 40"),
                new Rule("column name is required", "{name: status, type: string}", "{from: status, type: string}", "transform.columns[1].name",
                        "is missing; e.g. name: order_id"),
                new Rule("column name is lower_snake_case", "name: status", "name: Status", "transform.columns[1].name", "'Status' " + SNAKE),
                new Rule("column name does not start with _", "name: status", "name: _shard", "transform.columns[1].name",
                        "'_shard' starts with _, which is reserved for the audit columns _shard, _extracted_at, _run_id, _run_seq"),
                new Rule("column from is an identifier", "{name: status, type: string}", "{name: status, from: order-status, type: string}",
                        "transform.columns[1].from", "'order-status' " + IDENTIFIER),
                new Rule("column names are unique", LAST_COLUMN, LAST_COLUMN + "    - {name: status, from: state, type: string}\n",
                        "transform.columns[3].name", "output column 'status' is already defined by transform.columns[1].name"),
                new Rule("column entries are mappings", LAST_COLUMN, LAST_COLUMN + "    - status\n",
                        "transform.columns[3]", "expected a mapping of fields (key: value), found text 'status'"),
                new Rule("columns is a list", MINIMAL.substring(MINIMAL.indexOf("  columns:")), "  columns: order_id\n",
                        "transform.columns", "expected a list of mappings (lines starting with '- '), found text 'order_id'"),
                // transform.json
                addToTransform("json column is an identifier", """
                          json:
                            - column: pay-load
                              fields: [{name: tier, path: $.tier, type: string}]
                        """, "transform.json[0].column", "'pay-load' " + IDENTIFIER),
                addToTransform("json path starts with $", """
                          json:
                            - column: payload
                              fields: [{name: tier, path: customer.tier, type: string}]
                        """, "transform.json[0].fields[0].path", "a JSON path starts with '$', e.g. $.customer.tier; got 'customer.tier'"),
                addToTransform("json path is well formed", """
                          json:
                            - column: payload
                              fields: [{name: tier, path: "$.items[x]", type: string}]
                        """, "transform.json[0].fields[0].path",
                        "invalid JSON path '$.items[x]' at character 8: expected an array index or a quoted name inside [...]"),
                addToTransform("json field type is known", """
                          json:
                            - column: payload
                              fields: [{name: tier, path: $.tier, type: varchar2}]
                        """, "transform.json[0].fields[0].type", "unknown type 'varchar2'; use one of " + TYPES),
                addToTransform("json field function is known", """
                          json:
                            - column: payload
                              fields: [{name: n, path: $.items, type: int, function: count}]
                        """, "transform.json[0].fields[0].function",
                        "unknown function 'count'; use value (the default) or length (the number of elements of an array or object)"),
                addToTransform("a length is a whole number", """
                          json:
                            - column: payload
                              fields: [{name: n, path: $.items, type: string, function: length}]
                        """, "transform.json[0].fields[0].type", "a length is a whole number; declare int or bigint"),
                addToTransform("json field names do not start with _", """
                          json:
                            - column: payload
                              fields: [{name: _tier, path: $.tier, type: string}]
                        """, "transform.json[0].fields[0].name",
                        "'_tier' starts with _, which is reserved for the audit columns _shard, _extracted_at, _run_id, _run_seq"),
                addToTransform("json needs fields or an explode", """
                          json:
                            - column: payload
                        """, "transform.json[0].fields", "list at least one field to flatten, or an explode"),
                addToTransform("json entries have only known fields", """
                          json:
                            - column: payload
                              field: [{name: tier, path: $.tier, type: string}]
                              fields: [{name: tier, path: $.tier, type: string}]
                        """, "transform.json[0].field", "unknown field 'field'; expected one of column, fields, explode"),
                addToTransform("explode path is required", """
                          json:
                            - column: payload
                              explode: {index_as: item_index}
                        """, "transform.json[0].explode.path", "is missing; e.g. path: $.items"),
                addToTransform("explode names an output", """
                          json:
                            - column: payload
                              explode: {path: $.items}
                        """, "transform.json[0].explode", "an explode needs at least one of index_as, key_as, value_as or fields"),
                addToTransform("explode is a mapping", """
                          json:
                            - column: payload
                              explode: $.items
                        """, "transform.json[0].explode", "expected a mapping of fields (key: value), found text '$.items'"),
                addToTransform("explode output names are lower_snake_case", """
                          json:
                            - column: payload
                              explode: {path: $.items, index_as: ItemIndex}
                        """, "transform.json[0].explode.index_as", "'ItemIndex' " + SNAKE),
                addToTransform("explode fields have only known fields", """
                          json:
                            - column: payload
                              explode: {path: $.items, index_as: i, valu_as: v}
                        """, "transform.json[0].explode.valu_as",
                        "unknown field 'valu_as'; expected one of path, index_as, key_as, value_as, value_type, fields"),
                addToTransform("explode value type is known", """
                          json:
                            - column: payload
                              explode: {path: $.items, value_as: item, value_type: object}
                        """, "transform.json[0].explode.value_type", "unknown type 'object'; use one of " + TYPES),
                addToTransform("at most one explode", """
                          json:
                            - column: payload
                              explode: {path: $.items, index_as: item_index}
                            - column: extra
                              explode: {path: $.tags, value_as: tag}
                        """, "transform.json[1].explode", "only one explode per pipeline (two would multiply rows)"),
                // transform.derived
                addToTransform("derived expression is required", """
                          derived:
                            - {name: order_date, type: date}
                        """, "transform.derived[0].expression", "is missing; e.g. expression: \"date(created_at)\""),
                addToTransform("derived expression uses known functions", """
                          derived:
                            - {name: domain, expression: "split_part(email, '@', 2)", type: string}
                        """, "transform.derived[0].expression",
                        "invalid expression 'split_part(email, '@', 2)' at character 1: unknown function 'split_part'; available:"
                                + " coalesce(a, b, ...), concat(a, b, ...), date(timestamp), hour(timestamp), length(text), lower(text),"
                                + " month(timestamp_or_date), nullif(a, b), substr(text, start_from_1[, length]), trim(text), upper(text),"
                                + " year(timestamp_or_date)"),
                addToTransform("derived type is known", """
                          derived:
                            - {name: order_date, expression: "date(updated_at)", type: day}
                        """, "transform.derived[0].type", "unknown type 'day'; use one of " + TYPES),
                // transform.dedupe_key
                addToTransform("dedupe_key names output columns", "  dedupe_key: [id]\n", "transform.dedupe_key[0]",
                        "'id' is not an output column; use some of " + OUTPUTS),
                addToTransform("dedupe_key is a list", "  dedupe_key: order_id\n", "transform.dedupe_key",
                        "expected a list such as [a, b], found text 'order_id'"),
                // partition
                addToTransform("partition column is an output column", "partition: {column: created_at}\n", "partition.column",
                        "'created_at' is not an output column"),
                addToTransform("partition column is a timestamp or date", "partition: {column: status}\n", "partition.column",
                        "'status' is string; partition by a timestamp or date column"),
                addToTransform("hourly partitions need a timestamp", """
                          derived:
                            - {name: order_date, expression: "date(updated_at)", type: date}
                        partition: {column: order_date, granularity: hour}
                        """, "partition.granularity", "'order_date' is a date; hourly partitions need a timestamp"),
                addToTransform("partition granularity is known", "partition: {granularity: week}\n", "partition.granularity",
                        "unknown granularity 'week'; use hour, day or month"),
                // target
                addToTransform("target table is lower_snake_case", "target: {table: Orders}\n", "target.table",
                        "'Orders' is not lower_snake_case: use a-z, 0-9 and _, starting with a letter, at most 63 characters, e.g. orders_daily"),
                addToTransform("target compression is known", "target: {compression: gzip}\n", "target.compression",
                        "unknown compression 'gzip'; use one of snappy, zstd, uncompressed"),
                addToTransform("file size is at least 1 MB", "target: {file_size_mb: 0}\n", "target.file_size_mb",
                        "must be between 1 and 1024, found 0"),
                addToTransform("file size is at most 1024 MB", "target: {file_size_mb: 2048}\n", "target.file_size_mb",
                        "must be between 1 and 1024, found 2048"),
                addToTransform("file size is a whole number", "target: {file_size_mb: 12.5}\n", "target.file_size_mb",
                        "expected a whole number, found the number 12.5"),
                addToTransform("file size is a number, not text", "target: {file_size_mb: \"128\"}\n", "target.file_size_mb",
                        "expected a whole number, found text '128'"),
                // quarantine
                addToTransform("max_fraction is at most 1", "quarantine: {max_fraction: 1.5}\n", "quarantine.max_fraction",
                        "must be between 0 and 1, found 1.5"),
                addToTransform("max_fraction is not negative", "quarantine: {max_fraction: -0.1}\n", "quarantine.max_fraction",
                        "must be between 0 and 1, found -0.1"),
                addToTransform("max_fraction is a number", "quarantine: {max_fraction: 1%}\n", "quarantine.max_fraction",
                        "expected a number, found text '1%'"),
                // runs and depends_on
                addToTransform("run timeout is a duration", "runs: {timeout: 2 hours}\n", "runs.timeout",
                        "'2 hours' is not a duration; write a number and a unit, e.g. 30s, 10m, 2h or 1d"),
                addToTransform("run timeout is at least a minute", "runs: {timeout: 30s}\n", "runs.timeout",
                        "'30s' is out of range; use between 1m and 7d"),
                addToTransform("retries are at least one attempt", "runs: {retries: 0}\n", "runs.retries",
                        "must be between 1 and 20, found 0"),
                addToTransform("catchup is latest or all", "runs: {catchup: none}\n", "runs.catchup",
                        "unknown catch-up 'none'; use latest (one run for every missed interval) or all (one run per missed interval)"),
                addToTransform("runs fields are known ones", "runs: {retry: 3}\n", "runs.retry",
                        "unknown field 'retry'; expected one of max_active, timeout, retries, retry_backoff, max_retry_backoff, catchup,"
                                + " catchup_max_runs, wait_for_upstream"),
                addToTransform("a pipeline does not depend on itself", "depends_on: [orders]\n", "depends_on",
                        "a pipeline cannot depend on itself; list upstream pipelines only"),
                // alerts
                addToTransform("the webhook is a URL", "alerts: {webhook: \"https://hooks example.com\"}\n", "alerts.webhook",
                        "'https://hooks example.com' is not a URL (Illegal character in authority); use an absolute http(s) URL,"
                                + " e.g. https://hooks.example.com/shardlake"),
                addToTransform("the webhook is http or https", "alerts: {webhook: \"ftp://hooks.example.com/x\"}\n", "alerts.webhook",
                        "'ftp://hooks.example.com/x' is not an http(s) URL; use an absolute http(s) URL, e.g. https://hooks.example.com/shardlake"),
                addToTransform("the webhook is absolute", "alerts: {webhook: /hooks/orders}\n", "alerts.webhook",
                        "'/hooks/orders' is not an http(s) URL; use an absolute http(s) URL, e.g. https://hooks.example.com/shardlake"),
                addToTransform("the freshness threshold is a duration", "alerts: {freshness_threshold: 2 hours}\n",
                        "alerts.freshness_threshold", "'2 hours' is not a duration; write a number and a unit, e.g. 30s, 10m, 2h or 1d"),
                addToTransform("the freshness threshold is at least a minute", "alerts: {freshness_threshold: 30s}\n",
                        "alerts.freshness_threshold", "'30s' is out of range; use between 1m and 30d"),
                addToTransform("alerts fields are known ones", "alerts: {webhook_url: \"https://hooks.example.com\"}\n",
                        "alerts.webhook_url", "unknown field 'webhook_url'; expected one of webhook, freshness_threshold"),
                // unknown fields
                addToTransform("top-level fields are known ones", "owner: team-data\n", "owner",
                        "unknown field 'owner'; expected one of name, description, schedule, schedule_zone, source, transform,"
                                + " partition, target, quarantine, depends_on, runs, alerts"),
                new Rule("source fields are known ones", "table: orders", "table: orders\n  shard: 1", "source.shard",
                        "unknown field 'shard'; expected one of connection, table, cursor, primary_key, joins, soft_delete, events,"
                                + " reconcile, mode"),
                new Rule("source.mode is poll or cdc", "table: orders", "table: orders\n  mode: binlog", "source.mode",
                        "unknown mode 'binlog'; use poll (windows of the cursor, the default) or cdc (the shards' binlogs)"),
                new Rule("a cdc pipeline reads one table", "table: orders", "table: orders\n  mode: cdc\n"
                        + "  joins: [{name: customer, table: customers, column: customer_id}]", "source.joins",
                        "not with mode: cdc; a binlog-followed pipeline reads one table (joined views are loaded by windows: leave mode"
                                + " out, or drop the joins)"),
                new Rule("a cdc pipeline takes no entity events", "table: orders", "table: orders\n  mode: cdc\n  events: {}",
                        "source.events", "not with mode: cdc; the binlog already carries every change: drop events"),
                new Rule("a cdc pipeline does not reconcile", "table: orders", "table: orders\n  mode: cdc\n  reconcile: {}",
                        "source.reconcile", "not with mode: cdc; the binlog carries hard deletes: drop reconcile"),
                new Rule("source.reconcile.every is at least an hour", "table: orders", "table: orders\n  reconcile: {every: 10m}",
                        "source.reconcile.every", "'10m' is out of range; use between 1h and 31d"),
                new Rule("source.reconcile.window is a time range", "table: orders", "table: orders\n  reconcile: {window: 1-5}",
                        "source.reconcile.window", "'1-5' is not a time range; use HH:mm-HH:mm, e.g. 22:00-06:00"),
                new Rule("source.reconcile.zone needs a window", "table: orders", "table: orders\n  reconcile: {zone: UTC}",
                        "source.reconcile.zone", "is given without window; add one, e.g. window: \"01:00-05:00\", or remove zone"),
                new Rule("source.reconcile needs a one-column key", "table: orders",
                        "table: orders\n  primary_key: [tenant_id, id]\n  reconcile: {}", "source.reconcile",
                        "reconciliation compares ranges of a primary key of one integer column, not [tenant_id, id]"),
                new Rule("source.events.coalesce is at least a second", "table: orders", "table: orders\n  events: {coalesce: 0s}",
                        "source.events.coalesce", "'0s' is out of range; use between 1s and 5m"),
                new Rule("source.soft_delete names a column", "table: orders", "table: orders\n  soft_delete: {}", "source.soft_delete.column",
                        "is missing; e.g. column: deleted_at"),
                new Rule("column fields are known ones", "{name: status, type: string}", "{name: status, type: string, nullable: true}",
                        "transform.columns[1].nullable", "unknown field 'nullable'; expected one of name, from, type"),
                addToTransform("partition fields are known ones", "partition: {columns: updated_at}\n", "partition.columns",
                        "unknown field 'columns'; expected one of column, granularity"),
                addToTransform("target fields are known ones", "target: {format: parquet}\n", "target.format",
                        "unknown field 'format'; expected one of table, compression, file_size_mb, redshift, current"),
                addToTransform("target.current is a flag", "target: {current: yes please}\n", "target.current",
                        "expected true or false, found text 'yes please'"),
                new Rule("target.current needs the primary key in the output",
                        "    - {name: order_id, from: id, type: bigint}\n" + "    - {name: status, type: string}\n" + LAST_COLUMN,
                        "    - {name: status, type: string}\n" + LAST_COLUMN + "target: {current: true}\n", "target.current",
                        "the current-state table keeps one row per primary key, but the key column 'id' is not kept in the output;"
                                + " map it under transform.columns, e.g. - {name: id, type: bigint}, or remove current"),
                addToTransform("quarantine fields are known ones", "quarantine: {max_rows: 10}\n", "quarantine.max_rows",
                        "unknown field 'max_rows'; expected one of max_fraction"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void reportsTheBrokenRuleAtItsField(Rule rule) {
        String yaml = minimalWith(rule.find(), rule.replacement());

        assertThat(errorsOf(yaml)).containsExactly(new DefinitionError("form", rule.field(), rule.message()));
    }
}
