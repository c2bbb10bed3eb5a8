package io.shardlake.connectors.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.connectors.testing.MySqlShards;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SourceCatalogIntegrationTest {

    @RegisterExtension
    static MySqlShards shards = MySqlShards.create(1);

    private static ShardDataSources pools;
    private static SourceCatalog catalog;

    @BeforeAll
    static void tables() throws Exception {
        shards.execute("shard01", "CREATE TABLE orders (id BIGINT NOT NULL, status VARCHAR(20) NOT NULL, amount DECIMAL(12,2),"
                + " note TEXT, is_gift TINYINT(1), payload LONGTEXT, updated_at DATETIME(3) NOT NULL, PRIMARY KEY (id),"
                + " KEY orders_cursor (updated_at, id))");
        // Only the underscore differs: metadata patterns would take _ as a wildcard.
        shards.execute("shard01", "CREATE TABLE order_items (order_id BIGINT NOT NULL, line INT NOT NULL, sku VARCHAR(20),"
                + " PRIMARY KEY (order_id, line))");
        shards.execute("shard01", "CREATE TABLE orderXitems (other BIGINT)");
        for (int i = 1; i <= 30; i++) {
            shards.execute("shard01", "INSERT INTO orders VALUES (" + i + ", 'paid', " + i + ".50, NULL, 0, '{\"n\":" + i + "}',"
                    + " '2026-03-01 00:00:00' + INTERVAL " + i + " MINUTE)");
        }
        pools = new ShardDataSources(shards.user(), shards.password(), 1, SourceTimeouts.DEFAULTS);
        catalog = new SourceCatalog(pools.forShard(new Shard("shard01", shards.jdbcUrl("shard01"))),
                new MySqlDialect(), ZoneOffset.UTC, Duration.ofSeconds(5));
    }

    @AfterAll
    static void close() {
        pools.close();
    }

    @Test
    void listsTheTablesOfTheShard() throws Exception {
        assertThat(catalog.tables()).containsExactly("orderXitems", "order_items", "orders");
    }

    @Test
    void describesColumnsWithTypesNullabilityAndPrimaryKey() throws Exception {
        SourceTable orders = catalog.table("orders").orElseThrow();

        assertThat(orders.columns()).extracting(SourceColumn::name)
                .containsExactly("id", "status", "amount", "note", "is_gift", "payload", "updated_at");
        assertThat(orders.primaryKey()).containsExactly("id");
        assertThat(orders.column("id").orElseThrow().nullable()).isFalse();
        assertThat(orders.column("note").orElseThrow().nullable()).isTrue();
        assertThat(orders.columns()).extracting(SourceColumn::suggestedType)
                .containsExactly("bigint", "string", "decimal(12,2)", "string", "boolean", "string", "timestamp");
        assertThat(orders.column("amount").orElseThrow().sqlType()).isEqualTo("DECIMAL(12,2)");
    }

    @Test
    void aTableNameIsMatchedExactlyNotAsAPattern() throws Exception {
        SourceTable items = catalog.table("order_items").orElseThrow();

        assertThat(items.columns()).extracting(SourceColumn::name).containsExactly("order_id", "line", "sku");
        assertThat(items.primaryKey()).containsExactly("order_id", "line");
        assertThat(catalog.table("order%")).isEmpty();
        assertThat(catalog.table("ORDERS")).as("the catalog's own spelling only").isEmpty();
    }

    @Test
    void samplesTheMostRecentRowsReadAsAnExtractReadsThem() throws Exception {
        ExtractQuery query = new ExtractQuery("orders", List.of("id", "amount", "payload"), "updated_at", List.of("id"));

        List<Object[]> rows = catalog.sample(query, 3);

        assertThat(rows).hasSize(3);
        assertThat(rows).extracting(r -> r[0]).containsExactly(30L, 29L, 28L);
        assertThat(rows.get(0)[1]).hasToString("30.50");
        assertThat(rows.get(0)[2]).hasToString("{\"n\":30}");
        assertThat(rows.get(0)[3]).isEqualTo(Instant.parse("2026-03-01T00:30:00Z"));
        assertThat(catalog.sample(query, 10_000)).as("capped").hasSize(30);
    }

    @Test
    void samplesTheTextOfAJsonColumn() throws Exception {
        List<String> texts = catalog.sampleTexts("orders", "payload", "updated_at", 2);

        assertThat(texts).hasSize(2);
        assertThat(texts.get(0).replace(" ", "")).isEqualTo("{\"n\":30}");
    }

    @Test
    void namesNotInTheCatalogAreRefusedBeforeAnySql() {
        assertThatThrownBy(() -> catalog.sampleTexts("orders` WHERE 1=1; --", "payload", null, 1))
                .isInstanceOfSatisfying(UnknownSourceNameException.class, e -> assertThat(e.field()).isEqualTo("table"));
        assertThatThrownBy(() -> catalog.sampleTexts("orders", "payload`, (SELECT 1)", null, 1))
                .isInstanceOfSatisfying(UnknownSourceNameException.class, e -> {
                    assertThat(e.field()).isEqualTo("column");
                    assertThat(e.problem()).contains("its columns are id, status");
                });
        assertThatThrownBy(() -> catalog.sampleTexts("orders", "payload", "updated_at\"", 1))
                .isInstanceOf(UnknownSourceNameException.class);
        assertThatThrownBy(() -> catalog.sample(new ExtractQuery("missing", List.of("id"), "updated_at", List.of("id")), 1))
                .isInstanceOf(UnknownSourceNameException.class);
    }

    @Test
    void theValuesOfASampleRowAreInSelectColumnOrder() throws Exception {
        ExtractQuery query = new ExtractQuery("orders", List.of("status"), "updated_at", List.of("id"));
        assertThat(Arrays.asList(catalog.sample(query, 1).get(0))).hasSize(3);
    }
}
