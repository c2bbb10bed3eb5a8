package io.shardlake.transforms;

import static io.shardlake.transforms.Specs.col;
import static io.shardlake.transforms.Specs.derived;
import static io.shardlake.transforms.Specs.field;
import static io.shardlake.transforms.Specs.json;
import static io.shardlake.transforms.Specs.length;
import static io.shardlake.transforms.Specs.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.Utf8;
import io.shardlake.transforms.spec.TransformSpec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A realistic "orders" pipeline: MySQL rows with a JSON payload, flattened and partitioned by day. */
class OrdersTransformTest {

    private static final TransformSpec ORDERS = spec(
            List.of(col("id", "bigint"), col("customer_id", "bigint"), col("status", "string"), col("amount", "decimal(12,2)"),
                    col("created_at", "timestamp"), col("updated_at", "timestamp")),
            List.of(json("payload",
                    field("customer_tier", "$.customer.tier", "string"),
                    field("customer_country", "$.customer.country", "string"),
                    length("item_count", "$.items", "int"),
                    field("channel", "$.channel", "string"))),
            List.of(derived("order_date", "date(created_at)", "date")),
            List.of("id"));

    private static final TransformContext CONTEXT =
            new TransformContext("orders-shard-3", Instant.parse("2026-11-24T06:00:00Z"), "run-2026-11-24T06", 17L);

    private static final CompiledTransform T = CompiledTransform.compile(ORDERS);

    private static Object[] source(long id, long customer, String status, String amount, String createdAt, String updatedAt,
                                   String payload) {
        return new Object[] {id, customer, Utf8.of(status), new BigDecimal(amount), Instant.parse(createdAt),
                Instant.parse(updatedAt), payload == null ? null : Utf8.wrap(payload.getBytes(StandardCharsets.UTF_8))};
    }

    @Test
    void theOrdersViewHasTheDeclaredColumnsInOrder() {
        assertThat(T.outputSchema().columns()).containsExactly(
                new Column("id", ColumnType.BIGINT),
                new Column("customer_id", ColumnType.BIGINT),
                new Column("status", ColumnType.STRING),
                new Column("amount", ColumnType.decimal(12, 2)),
                new Column("created_at", ColumnType.TIMESTAMP),
                new Column("updated_at", ColumnType.TIMESTAMP),
                new Column("customer_tier", ColumnType.STRING),
                new Column("customer_country", ColumnType.STRING),
                new Column("item_count", ColumnType.INT),
                new Column("channel", ColumnType.STRING),
                new Column("order_date", ColumnType.DATE),
                new Column("_shard", ColumnType.STRING),
                new Column("_extracted_at", ColumnType.TIMESTAMP),
                new Column("_run_id", ColumnType.STRING),
                new Column("_run_seq", ColumnType.BIGINT));
        assertThat(T.sourceColumns()).containsExactly("id", "customer_id", "status", "amount", "created_at", "updated_at", "payload");
    }

    @Test
    void realisticOrdersAreFlattenedQuarantinedAndPartitionedByUtcDay() {
        List<Object[]> sources = List.of(
                source(1001, 77, "paid", "149.90", "2026-11-23T14:05:09.250Z", "2026-11-23T14:06:00Z", """
                        {"customer":{"id":77,"tier":"gold","country":"BR","tags":["vip"]},
                         "items":[{"sku":"TSHIRT-M","qty":2,"price":49.95},{"sku":"CAP","qty":1,"price":50.00}],
                         "channel":"web","utm":{"source":"newsletter"}}"""),
                // created late evening in São Paulo, already the next day in UTC
                source(1002, 78, "pending", "19.00", "2026-11-24T01:30:00Z", "2026-11-24T01:30:00Z", """
                        {"customer":{"tier":null,"country":"PT"},"items":[],"channel":"app"}"""),
                // no payload at all
                source(1003, 79, "cancelled", "0.00", "2026-11-23T23:59:59.999Z", "2026-11-24T00:10:00Z", null),
                // payload truncated by an application bug
                source(1004, 80, "paid", "10.00", "2026-11-23T10:00:00Z", "2026-11-23T10:00:00Z", "{\"customer\":{\"tier\":\"gold\""),
                // items is not a list: LENGTH of a scalar is null, the rest is read
                source(1005, 81, "paid", "5.50", "2026-11-23T10:00:00Z", "2026-11-23T10:00:00Z",
                        "{\"customer\":{\"tier\":\"silver\",\"country\":\"Brasil 🇧🇷\"},\"items\":\"n/a\"}"),
                // amount with more decimals than the view allows
                new Object[] {1006L, 82L, Utf8.of("paid"), new BigDecimal("1.999"), Instant.parse("2026-11-23T10:00:00Z"),
                        Instant.parse("2026-11-23T10:00:00Z"), Utf8.of("{}")});

        CollectingSink sink = new CollectingSink();
        sources.forEach(s -> T.apply(s, CONTEXT, sink));

        assertThat(sink.rows).hasSize(4);
        assertThat(sink.rows.get(0)).containsExactly(1001L, 77L, Utf8.of("paid"), new BigDecimal("149.90"),
                Instant.parse("2026-11-23T14:05:09.250Z"), Instant.parse("2026-11-23T14:06:00Z"), Utf8.of("gold"), Utf8.of("BR"), 2,
                Utf8.of("web"), LocalDate.of(2026, 11, 23), Utf8.of("orders-shard-3"), Instant.parse("2026-11-24T06:00:00Z"),
                Utf8.of("run-2026-11-24T06"), 17L);
        assertThat(sink.rows.get(1)).startsWith(1002L, 78L, Utf8.of("pending"), new BigDecimal("19.00"),
                Instant.parse("2026-11-24T01:30:00Z"), Instant.parse("2026-11-24T01:30:00Z"), null, Utf8.of("PT"), 0, Utf8.of("app"),
                LocalDate.of(2026, 11, 24));
        assertThat(sink.rows.get(2)).startsWith(1003L, 79L, Utf8.of("cancelled"), new BigDecimal("0.00"),
                Instant.parse("2026-11-23T23:59:59.999Z"), Instant.parse("2026-11-24T00:10:00Z"), null, null, null, null,
                LocalDate.of(2026, 11, 23));
        assertThat(sink.rows.get(3)).startsWith(1005L, 81L, Utf8.of("paid"), new BigDecimal("5.50"),
                Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-11-23T10:00:00Z"), Utf8.of("silver"),
                Utf8.of("Brasil 🇧🇷"), null, null);

        assertThat(sink.quarantined).hasSize(2);
        assertThat(sink.quarantined.get(0)).startsWith("column payload: malformed JSON: ");
        assertThat(sink.quarantined.get(1)).isEqualTo(
                "column amount: cannot cast '1.999' to decimal(12,2): has more than 2 decimal places");

        Partitioner byDay = new Partitioner(T.outputSchema(), "order_date", PartitionGranularity.DAY);
        assertThat(sink.rows).extracting(byDay::folderOf)
                .containsExactly("dt=2026-11-23", "dt=2026-11-24", "dt=2026-11-23", "dt=2026-11-23");
        Partitioner byHour = new Partitioner(T.outputSchema(), "created_at", PartitionGranularity.HOUR);
        assertThat(sink.rows).extracting(byHour::folderOf)
                .containsExactly("dt=2026-11-23-14", "dt=2026-11-24-01", "dt=2026-11-23-23", "dt=2026-11-23-10");
    }

    @Test
    void updatesOfTheSameOrderInOneBatchKeepTheLatestVersion() {
        String payload = "{\"customer\":{\"tier\":\"gold\",\"country\":\"BR\"},\"items\":[1],\"channel\":\"web\"}";
        List<Object[]> sources = List.of(
                source(1, 7, "pending", "10.00", "2026-11-23T10:00:00Z", "2026-11-23T10:00:00Z", payload),
                source(2, 8, "pending", "20.00", "2026-11-23T10:01:00Z", "2026-11-23T10:01:00Z", payload),
                source(1, 7, "paid", "10.00", "2026-11-23T10:00:00Z", "2026-11-23T10:05:00Z", payload),
                source(1, 7, "shipped", "10.00", "2026-11-23T10:00:00Z", "2026-11-23T10:03:00Z", payload));
        CollectingSink sink = new CollectingSink();
        sources.forEach(s -> T.apply(s, CONTEXT, sink));

        List<Object[]> deduped = new Deduplicator(T.outputSchema(), ORDERS.dedupeKey(), "updated_at").dedupe(sink.rows);

        assertThat(deduped).extracting(r -> r[0], r -> r[2]).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2L, Utf8.of("pending")),
                org.assertj.core.groups.Tuple.tuple(1L, Utf8.of("paid")));
    }
}
