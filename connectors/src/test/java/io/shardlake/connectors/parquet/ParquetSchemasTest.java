package io.shardlake.connectors.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;

class ParquetSchemasTest {

    private static PrimitiveType only(ColumnType type) {
        MessageType message = ParquetSchemas.messageType(new RowSchema(List.of(new Column("c", type))));
        return message.getType("c").asPrimitiveType();
    }

    @Test
    void every_column_is_optional_in_schema_order_under_a_row_message() {
        MessageType message = ParquetSchemas.messageType(new RowSchema(List.of(
                new Column("id", ColumnType.BIGINT), new Column("note", ColumnType.STRING))));

        assertThat(message.getName()).isEqualTo("row");
        assertThat(message.getFields()).extracting(Type::getName).containsExactly("id", "note");
        assertThat(message.getFields()).allMatch(f -> f.isRepetition(Type.Repetition.OPTIONAL));
    }

    @Test
    void strings_and_json_are_binary_annotated_string() {
        for (ColumnType type : List.of(ColumnType.STRING, ColumnType.JSON)) {
            PrimitiveType p = only(type);
            assertThat(p.getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.BINARY);
            assertThat(p.getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.stringType());
        }
    }

    @Test
    void numbers_and_booleans_are_plain_physical_types() {
        assertThat(only(ColumnType.BIGINT).getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT64);
        assertThat(only(ColumnType.INT).getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT32);
        assertThat(only(ColumnType.DOUBLE).getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.DOUBLE);
        assertThat(only(ColumnType.BOOLEAN).getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.BOOLEAN);
        assertThat(only(ColumnType.BIGINT).getLogicalTypeAnnotation()).isNull();
        assertThat(only(ColumnType.INT).getLogicalTypeAnnotation()).isNull();
    }

    @Test
    void timestamps_are_int64_millis_adjusted_to_utc() {
        PrimitiveType p = only(ColumnType.TIMESTAMP);

        assertThat(p.getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT64);
        assertThat(p.getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.timestampType(true, TimeUnit.MILLIS));
    }

    @Test
    void dates_are_int32_date() {
        PrimitiveType p = only(ColumnType.DATE);

        assertThat(p.getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT32);
        assertThat(p.getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.dateType());
    }

    @Test
    void decimals_use_int32_up_to_9_digits_int64_up_to_18_and_minimal_fixed_bytes_above() {
        assertThat(only(ColumnType.decimal(9, 2)).getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT32);
        assertThat(only(ColumnType.decimal(10, 2)).getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT64);
        assertThat(only(ColumnType.decimal(18, 0)).getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT64);
        PrimitiveType wide = only(ColumnType.decimal(38, 10));
        assertThat(wide.getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY);
        assertThat(wide.getTypeLength()).isEqualTo(16);
        assertThat(wide.getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.decimalType(10, 38));
        assertThat(only(ColumnType.decimal(20, 0)).getTypeLength()).isEqualTo(9);
    }

    @Test
    void decimal_byte_lengths_are_the_smallest_that_hold_every_value() {
        // Same table as Spark and Hive: bytes needed for 1..38 digits.
        int[] expected = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4, 5, 5, 6, 6, 6, 7, 7, 8, 8, 9, 9, 9, 10, 10, 11, 11, 11,
                12, 12, 13, 13, 13, 14, 14, 15, 15, 16, 16, 16};
        for (int p = 1; p <= 38; p++) {
            assertThat(ParquetSchemas.decimalBytes(p)).as("precision %d", p).isEqualTo(expected[p]);
        }
    }
}
