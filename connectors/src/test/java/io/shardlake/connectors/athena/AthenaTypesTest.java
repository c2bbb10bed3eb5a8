package io.shardlake.connectors.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT96;

import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;

class AthenaTypesTest {

    @Test
    void everyColumnTypeGetsTheTypeAthenaReadsForItsParquetType() {
        RowSchema schema = new RowSchema(List.of(
                new Column("s", ColumnType.STRING),
                new Column("j", ColumnType.JSON),
                new Column("b", ColumnType.BIGINT),
                new Column("i", ColumnType.INT),
                new Column("d", ColumnType.DOUBLE),
                new Column("f", ColumnType.BOOLEAN),
                new Column("t", ColumnType.TIMESTAMP),
                new Column("day", ColumnType.DATE),
                new Column("p9", ColumnType.decimal(9, 2)),
                new Column("p18", ColumnType.decimal(18, 4)),
                new Column("u", ColumnType.decimal(20, 0)),
                new Column("p38", ColumnType.decimal(38, 10))));

        assertThat(AthenaTypes.columns(schema)).extracting(AthenaColumn::toString).containsExactly(
                "s string", "j string", "b bigint", "i int", "d double", "f boolean", "t timestamp", "day date",
                "p9 decimal(9,2)", "p18 decimal(18,4)", "u decimal(20,0)", "p38 decimal(38,10)");
    }

    @Test
    void namesAreLowerCasedAndNamesDifferingOnlyInCaseAreRefused() {
        assertThat(AthenaTypes.columns(new RowSchema(List.of(new Column("OrderId", ColumnType.BIGINT)))))
                .containsExactly(new AthenaColumn("orderid", "bigint"));

        assertThatThrownBy(() -> AthenaTypes.columns(new RowSchema(List.of(
                new Column("orderId", ColumnType.BIGINT), new Column("orderid", ColumnType.BIGINT)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'orderId' and 'orderid' are the same column");
    }

    @Test
    void namesAthenaCannotHoldAreRefusedNamingTheColumn() {
        assertThatThrownBy(() -> AthenaTypes.columns(new RowSchema(List.of(new Column("order-id", ColumnType.BIGINT)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 'order-id' cannot be an Athena name");
        assertThatThrownBy(() -> AthenaTypes.columns(new RowSchema(List.of(new Column("prix_€", ColumnType.BIGINT)))))
                .hasMessageContaining("'prix_€'");
    }

    @Test
    void unsignedLongsAreRefusedBecauseAthenaWrapsThem() {
        var unsigned = Types.optional(INT64).as(LogicalTypeAnnotation.intType(64, false)).named("uid");
        assertThatThrownBy(() -> AthenaTypes.typeOf(unsigned))
                .hasMessageContaining("column 'uid'")
                .hasMessageContaining("unsigned INTEGER(64,false)")
                .hasMessageContaining("DECIMAL(20,0)");
    }

    @Test
    void timestampsFinerThanMillisecondsAndInt96AreRefused() {
        var micros = Types.optional(INT64).as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS)).named("at");
        assertThatThrownBy(() -> AthenaTypes.typeOf(micros)).hasMessageContaining("TIMESTAMP(MICROS)")
                .hasMessageContaining("write TIMESTAMP(MILLIS)");
        assertThatThrownBy(() -> AthenaTypes.typeOf(Types.optional(INT96).named("legacy")))
                .hasMessageContaining("INT96");
    }

    @Test
    void signedSmallIntegersKeepTheirWidth() {
        assertThat(AthenaTypes.typeOf(Types.optional(INT32).as(LogicalTypeAnnotation.intType(16, true)).named("x")))
                .isEqualTo("smallint");
        assertThat(AthenaTypes.typeOf(Types.optional(INT32).as(LogicalTypeAnnotation.intType(32, true)).named("x")))
                .isEqualTo("int");
    }
}
