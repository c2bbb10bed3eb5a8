package io.shardlake.engine.definition;

import static io.shardlake.engine.definition.Definitions.MINIMAL;
import static io.shardlake.engine.definition.Definitions.PARSER;
import static io.shardlake.engine.definition.Definitions.errorsOf;
import static io.shardlake.engine.definition.Definitions.minimalWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.shardlake.connectors.parquet.Compression;
import io.shardlake.connectors.source.JoinedTable;
import io.shardlake.transforms.PartitionGranularity;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.spec.ColumnMapping;
import io.shardlake.transforms.spec.DerivedColumn;
import io.shardlake.transforms.spec.Explode;
import io.shardlake.transforms.spec.JsonField;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class DefinitionParserTest {

    private static final String FULL = """
            name: orders
            description: Orders with flattened payload
            schedule: "0 2 * * 1-5"
            schedule_zone: America/Sao_Paulo
            source:
              connection: shop
              table: orders
              cursor: changed_at
              primary_key: [id]
            transform:
              columns:
                - {name: order_id, from: id, type: bigint}
                - {name: amount, type: "decimal(12,2)"}
                - {name: changed_at, type: timestamp}
                - {name: created_at, type: timestamp}
              json:
                - column: payload
                  fields:
                    - {name: customer_tier, path: $.customer.tier, type: string}
                    - {name: item_count, path: $.items, type: int, function: length}
                  explode:
                    path: $.items
                    index_as: item_index
                    fields: [{name: sku, path: $.sku, type: string}]
              derived:
                - {name: order_date, expression: "date(created_at)", type: date}
              dedupe_key: [order_id, item_index]
            partition:
              column: created_at
              granularity: month
            target:
              table: orders_items
              compression: zstd
              file_size_mb: 256
            quarantine:
              max_fraction: 0.05
            """;

    @Test
    void bindsEveryFieldOfAFullDefinition() {
        PipelineDefinition d = PARSER.parse("orders.yaml", FULL);

        assertThat(d.name()).isEqualTo("orders");
        assertThat(d.description()).isEqualTo("Orders with flattened payload");
        assertThat(d.schedule()).isEqualTo(new ScheduleSpec("0 2 * * 1-5", "0 0 2 ? * 2-6", ZoneId.of("America/Sao_Paulo")));
        assertThat(d.source()).isEqualTo(new SourceSpec("shop", "orders", "changed_at", List.of("id")));
        assertThat(d.transform().columns()).containsExactly(
                new ColumnMapping("order_id", "id", ColumnType.BIGINT),
                new ColumnMapping("amount", "amount", ColumnType.decimal(12, 2)),
                new ColumnMapping("changed_at", "changed_at", ColumnType.TIMESTAMP),
                new ColumnMapping("created_at", "created_at", ColumnType.TIMESTAMP));
        assertThat(d.transform().json()).singleElement().satisfies(j -> {
            assertThat(j.column()).isEqualTo("payload");
            assertThat(j.fields()).containsExactly(
                    new JsonField("customer_tier", "$.customer.tier", ColumnType.STRING, JsonField.Function.VALUE),
                    new JsonField("item_count", "$.items", ColumnType.INT, JsonField.Function.LENGTH));
            assertThat(j.explode()).isEqualTo(new Explode("$.items", "item_index", null, null, ColumnType.STRING,
                    List.of(new JsonField("sku", "$.sku", ColumnType.STRING))));
        });
        assertThat(d.transform().derived()).containsExactly(new DerivedColumn("order_date", "date(created_at)", ColumnType.DATE));
        assertThat(d.transform().dedupeKey()).containsExactly("order_id", "item_index");
        assertThat(d.partition()).isEqualTo(new PartitionSpec("created_at", PartitionGranularity.MONTH));
        assertThat(d.target()).isEqualTo(new TargetSpec("orders_items", Compression.ZSTD, 256L * 1024 * 1024));
        assertThat(d.quarantine()).isEqualTo(new QuarantineSpec(0.05));
        assertThat(d.version()).matches("[0-9a-f]{64}");
    }

    @Test
    void bindsJoinsWithTheirDefaultsAndReadsJoinedColumnsAsSourceColumns() {
        PipelineDefinition d = PARSER.parse("orders.yaml", MINIMAL
                .replace("  table: orders\n", "  table: orders\n  soft_delete: {column: deleted_at}\n  joins:\n"
                        + "    - {name: customer, connection: crm, table: customers, column: customer_id}\n"
                        + "    - {name: store, table: stores, column: store_code, key: code, type: inner, cursor: changed_at,"
                        + " soft_delete: {column: closed_at}}\n"
                        + "    - name: items\n      table: order_items\n      type: many\n      column: order_id\n"
                        + "      aggregates:\n        - {name: count, function: count}\n"
                        + "        - {name: skus, function: json_array, of: [sku, quantity]}\n")
                .replace("    - {name: status, type: string}\n", "    - {name: status, type: string}\n"
                        + "    - {name: customer_tier, from: customer.tier, type: string}\n"));

        assertThat(d.source().joins()).containsExactly(
                new JoinSpec("customer", "customers", JoinedTable.Kind.LEFT, "customer_id", "id", "updated_at", List.of(), null, "crm"),
                new JoinSpec("store", "stores", JoinedTable.Kind.INNER, "store_code", "code", "changed_at", List.of(), "closed_at", null),
                new JoinSpec("items", "order_items", JoinedTable.Kind.MANY, "order_id", "id", "updated_at", List.of(
                        new JoinedTable.Aggregate("count", JoinedTable.Aggregate.Function.COUNT, List.of()),
                        new JoinedTable.Aggregate("skus", JoinedTable.Aggregate.Function.JSON_ARRAY, List.of("sku", "quantity"))), null, null));
        assertThat(d.source().softDelete()).isEqualTo("deleted_at");
        assertThat(d.transform().columns()).contains(new ColumnMapping("customer_tier", "customer.tier", ColumnType.STRING));
    }

    @Test
    void aOneToManyJoinOffersItsAggregatesAndCursorNotItsRowsColumns() {
        List<DefinitionError> errors = Definitions.errorsOf(MINIMAL
                .replace("  table: orders\n", "  table: orders\n  joins:\n    - {name: items, table: order_items, column: order_id,"
                        + " type: many, aggregates: [{name: count, function: count}]}\n")
                .replace("    - {name: status, type: string}\n", "    - {name: status, type: string}\n"
                        + "    - {name: sku, from: items.sku, type: string}\n    - {name: n, from: items.count, type: bigint}\n"));

        assertThat(errors).extracting(DefinitionError::field, DefinitionError::message).containsExactly(tuple("transform.columns[2].from",
                "'items.sku': the one-to-many join 'items' offers its aggregates (count) and its cursor (updated_at), not the columns"
                        + " of its rows"));
    }

    @Test
    void appliesTheDefaultsOfEveryOptionalField() {
        PipelineDefinition d = PARSER.parse("orders.yaml", MINIMAL);

        assertThat(d.description()).isNull();
        assertThat(d.schedule()).isEqualTo(new ScheduleSpec("*/15 * * * *", "0 */15 * * * ?", ZoneId.of("UTC")));
        assertThat(d.source()).isEqualTo(new SourceSpec("shop", "orders", "updated_at", List.of("id")));
        assertThat(d.transform().json()).isEmpty();
        assertThat(d.transform().derived()).isEmpty();
        assertThat(d.transform().dedupeKey()).as("the output column of the primary key").containsExactly("order_id");
        assertThat(d.partition()).as("the output column of the cursor, by day")
                .isEqualTo(new PartitionSpec("updated_at", PartitionGranularity.DAY));
        assertThat(d.target()).isEqualTo(new TargetSpec("orders", Compression.SNAPPY, 128L * 1024 * 1024));
        assertThat(d.quarantine()).isEqualTo(new QuarantineSpec(0.01));
        assertThat(d.runs()).isEqualTo(RunPolicy.DEFAULTS);
        assertThat(d.alerts()).as("the service's alert settings apply").isEqualTo(AlertSpec.NONE);
    }

    @Test
    void bindsTheAlertsSectionLeavingWhatIsNotSetToTheService() {
        PipelineDefinition both = PARSER.parse("orders.yaml", MINIMAL + """
                alerts:
                  webhook: https://hooks.example.com/T000/B000/orders
                  freshness_threshold: 2h
                """);
        PipelineDefinition thresholdOnly = PARSER.parse("orders.yaml", MINIMAL + "alerts: {freshness_threshold: 45m}\n");

        assertThat(both.alerts()).isEqualTo(new AlertSpec(URI.create("https://hooks.example.com/T000/B000/orders"), Duration.ofHours(2)));
        assertThat(thresholdOnly.alerts()).isEqualTo(new AlertSpec(null, Duration.ofMinutes(45)));
        assertThat(both.version()).as("the alerts section is part of the version").isNotEqualTo(thresholdOnly.version());
    }

    @Test
    void bindsTheRunsSectionAndUpstreamsKeepingDefaultsForWhatIsNotSet() {
        PipelineDefinition d = PARSER.parse("orders.yaml", MINIMAL + """
                depends_on: [customers, form_submissions]
                runs: {timeout: 90m, retries: 5, retry_backoff: 10s, catchup: all, catchup_max_runs: 4, wait_for_upstream: 1d}
                """);

        RunPolicy r = d.runs();
        assertThat(r.dependsOn()).containsExactly("customers", "form_submissions");
        assertThat(r.timeout()).isEqualTo(Duration.ofMinutes(90));
        assertThat(r.retryAttempts()).isEqualTo(5);
        assertThat(r.catchup()).isEqualTo(RunPolicy.Catchup.ALL);
        assertThat(r.catchupMaxRuns()).isEqualTo(4);
        assertThat(r.upstreamTimeout()).isEqualTo(Duration.ofDays(1));
        assertThat(r.maxActiveRuns()).isEqualTo(RunPolicy.DEFAULTS.maxActiveRuns());
        assertThat(List.of(r.backoffBefore(1), r.backoffBefore(2), r.backoffBefore(3), r.backoffBefore(8)))
                .as("no wait before the first attempt, doubling, capped at max_retry_backoff")
                .containsExactly(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofMinutes(10));
        assertThat(PARSER.parse("orders.yaml", MINIMAL + "runs: {timeout: 90m}\n").version())
                .as("the runs section is part of the version").isNotEqualTo(PARSER.parse("orders.yaml", MINIMAL).version());
    }

    @Test
    void defaultsTheDedupeKeyToThePrimaryKeyPlusTheExplodedKeyOrIndex() {
        String byKey = minimalWith("    - {name: updated_at, type: timestamp}\n", """
                    - {name: updated_at, type: timestamp}
                  json:
                    - column: answers
                      explode: {path: $, key_as: question_id, index_as: position, value_as: answer}
                """);
        String byIndex = byKey.replace("key_as: question_id, ", "");
        String neither = byIndex.replace("index_as: position, ", "");

        assertThat(PARSER.parse("form", byKey).transform().dedupeKey()).containsExactly("order_id", "question_id");
        assertThat(PARSER.parse("form", byIndex).transform().dedupeKey()).containsExactly("order_id", "position");
        assertThat(PARSER.parse("form", neither).transform().dedupeKey())
                .as("rows of one element each cannot be told apart: no dedupe").isEmpty();
    }

    @Test
    void defaultsToNoDedupeWhenAPrimaryKeyColumnIsNotKept() {
        String yaml = minimalWith("  table: orders\n", "  table: orders\n  primary_key: [id, shop_id]\n");

        assertThat(PARSER.parse("form", yaml).transform().dedupeKey()).isEmpty();
    }

    @Test
    void keepsAnExplicitlyEmptyDedupeKey() {
        String yaml = MINIMAL + "  dedupe_key: []\n";

        assertThat(PARSER.parse("form", yaml).transform().dedupeKey()).isEmpty();
    }

    @Test
    void treatsAFieldWithNoValueAsAbsent() {
        String yaml = minimalWith("name: orders\n", "name: orders\ndescription:\nschedule_zone: ''\n");

        PipelineDefinition d = PARSER.parse("form", yaml);

        assertThat(d.description()).isNull();
        assertThat(d.schedule().zone()).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void reportsEveryErrorOfADefinitionAtOnce() {
        String yaml = """
                name: Orders
                schedule: "every day"
                source: {connection: shopp, table: orders}
                transform:
                  columns:
                    - {name: order_id, from: id, type: strng}
                    - {name: updated_at, type: timestamp}
                target: {compression: gzip}
                """;

        assertThat(errorsOf(yaml)).extracting(DefinitionError::field).containsExactly(
                "name", "schedule", "source.connection", "transform.columns[0].type", "target.compression");
    }

    @Test
    void acceptsAnyConnectionWhenNoneAreConfigured() {
        String yaml = minimalWith("connection: shop", "connection: anything");

        assertThat(new DefinitionParser(Set.of()).parse("form", yaml).source().connection()).isEqualTo("anything");
    }

    @Test
    void parsesATreeBuiltByTheFormLikeTheSameYaml() {
        JsonNode tree = new YAMLMapper().readTree(MINIMAL);

        PipelineDefinition fromTree = PARSER.parse("form", tree);

        assertThat(fromTree).isEqualTo(PARSER.parse("form", MINIMAL));
    }

    @Test
    void reportsTheErrorsOfATreeWithItsFieldPaths() {
        ObjectNode tree = (ObjectNode) new YAMLMapper().readTree(MINIMAL);
        ((ObjectNode) tree.get("source")).put("table", "order items");

        InvalidDefinitionException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                InvalidDefinitionException.class, () -> PARSER.parse("form", tree));

        assertThat(e.errors()).containsExactly(new DefinitionError("form", "source.table",
                "'order items' is not a plain SQL identifier: use letters, digits, _ and $, starting with a letter or _,"
                        + " at most 64 characters, e.g. updated_at"));
    }

    @Test
    void versionIgnoresCommentsFormattingAndKeyOrderButNotContent() {
        String reformatted = "# a comment\n" + minimalWith("name: orders\nschedule: \"*/15 * * * *\"\n",
                "schedule:   '*/15 * * * *'   # every 15 minutes\nname: orders\n");
        String changed = minimalWith("type: string", "type: json");

        String version = PARSER.parse("form", MINIMAL).version();

        assertThat(PARSER.parse("form", reformatted).version()).isEqualTo(version);
        assertThat(PARSER.parse("form", changed).version()).isNotEqualTo(version);
    }

    @Test
    void requiresTheNameToMatchTheFileName() {
        assertThat(errorsOf(PARSER, "sales.yml", MINIMAL)).containsExactly(new DefinitionError("sales.yml", "name",
                "'orders' does not match the file name; name the file orders.yaml or set name: sales"));
    }

    @Test
    void doesNotTieTheNameToASourceThatIsNotAFile() {
        assertThat(PARSER.parse("form", MINIMAL).name()).isEqualTo("orders");
    }

    @Test
    void givesTheLineAndColumnOfAYamlSyntaxError() {
        String yaml = """
                name: orders
                source:
                  table: [orders
                """;

        assertThat(errorsOf(PARSER, "orders.yaml", yaml)).singleElement().satisfies(e -> {
            assertThat(e.field()).isEmpty();
            assertThat(e.message()).startsWith("YAML syntax error at line 4, column 1: ")
                    .contains("while parsing a flow sequence at line 3, column 10");
            assertThat(e.toString()).startsWith("orders.yaml: YAML syntax error at line 4, column 1: ");
        });
    }

    @Test
    void aTargetOptsIntoRedshiftWithABooleanAndNothingElse() {
        assertThat(PARSER.parse("orders.yaml", MINIMAL + "target: {redshift: true}\n").target().redshift()).isTrue();
        assertThat(PARSER.parse("orders.yaml", MINIMAL).target().redshift()).as("lake only by default").isFalse();

        assertThat(errorsOf(MINIMAL + "target: {redshift: \"yes\"}\n")).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("target.redshift");
            assertThat(e.message()).isEqualTo("expected true or false, found text 'yes'");
        });
    }

    @Test
    void suggestsQuotingAnUnquotedCronExpression() {
        String yaml = minimalWith("schedule: \"*/15 * * * *\"", "schedule: */15 * * * *");

        assertThat(errorsOf(yaml)).singleElement().extracting(DefinitionError::message).isEqualTo(
                "YAML syntax error at line 2, column 12: unexpected character found /(47) (while scanning an alias at line 2, column 11);"
                        + " quote values that start with * or @, e.g. schedule: \"*/15 * * * *\"");
    }

    @Test
    void rejectsAKeyGivenTwice() {
        String yaml = MINIMAL + "name: customers\n";

        assertThat(errorsOf(yaml)).singleElement().extracting(DefinitionError::message).asString()
                .startsWith("YAML error at line 11").contains("Duplicate Object property \"name\"");
    }

    @Test
    void rejectsAnEmptyDocument() {
        assertThat(errorsOf("# nothing yet\n")).containsExactly(new DefinitionError("form", "",
                "the definition is empty; it needs at least name, schedule, source and transform"));
    }

    @Test
    void rejectsADocumentThatIsNotAMapping() {
        assertThat(errorsOf("- name: orders\n")).containsExactly(new DefinitionError("form", "",
                "expected a mapping of fields (name: ..., schedule: ..., ...) at the top level, found a list"));
    }

    @Test
    void reportsAMisspelledFieldAsUnknownAlongWithTheFieldItLeavesMissing() {
        String yaml = minimalWith("  columns:", "  colums:");

        assertThat(errorsOf(yaml)).containsExactly(
                new DefinitionError("form", "transform.colums", "unknown field 'colums'; expected one of columns, json, derived, dedupe_key"),
                new DefinitionError("form", "transform.columns",
                        "is missing; list at least one, e.g. columns: [{name: order_id, from: id, type: bigint}]"));
    }

    @Test
    void exceptionMessageListsEveryError() {
        String yaml = minimalWith("name: orders", "name: Orders").replace("table: orders", "table: order-s");

        InvalidDefinitionException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                InvalidDefinitionException.class, () -> PARSER.parse("orders.yaml", yaml));

        assertThat(e.getMessage()).isEqualTo("""
                invalid pipeline definition (2 errors):
                  orders.yaml: name: 'Orders' is not lower_snake_case: use a-z, 0-9 and _, starting with a letter, at most 63 characters, e.g. orders_daily
                  orders.yaml: source.table: 'order-s' is not a plain SQL identifier: use letters, digits, _ and $, starting with a letter or _, at most 64 characters, e.g. updated_at""");
    }
}
