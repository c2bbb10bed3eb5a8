package io.shardlake.connectors.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParquetOptionsTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void defaults_are_snappy_128_mib_files_and_row_groups_and_8_open_files() {
        ParquetOptions options = ParquetOptions.defaults();

        assertThat(options.compression()).isEqualTo(Compression.SNAPPY);
        assertThat(options.targetFileBytes()).isEqualTo(128 * MIB);
        assertThat(options.rowGroupBytes()).isEqualTo(32 * MIB);
        assertThat(options.maxOpenFiles()).isEqualTo(8);
        assertThat(options.dictionaryOverrides()).isEmpty();
    }

    @Test
    void the_row_group_size_is_capped_to_the_target_file_size() {
        assertThat(ParquetOptions.defaults().withTargetFileBytes(16 * MIB).rowGroupBytes()).isEqualTo(16 * MIB);
        assertThat(ParquetOptions.defaults().withRowGroupBytes(4 * MIB).rowGroupBytes()).isEqualTo(4 * MIB);
    }

    @Test
    void dictionary_encoding_is_on_only_for_string_boolean_date_and_int_columns() {
        ParquetOptions options = ParquetOptions.defaults();

        assertThat(options.dictionaryEncoding(new Column("a", ColumnType.STRING))).isTrue();
        assertThat(options.dictionaryEncoding(new Column("a", ColumnType.BOOLEAN))).isTrue();
        assertThat(options.dictionaryEncoding(new Column("a", ColumnType.DATE))).isTrue();
        assertThat(options.dictionaryEncoding(new Column("a", ColumnType.INT))).isTrue();
        assertThat(options.dictionaryEncoding(new Column("a", ColumnType.JSON))).isFalse();
        assertThat(options.dictionaryEncoding(new Column("a", ColumnType.BIGINT))).isFalse();
        assertThat(options.dictionaryEncoding(new Column("a", ColumnType.DOUBLE))).isFalse();
        assertThat(options.dictionaryEncoding(new Column("a", ColumnType.decimal(9, 2)))).isFalse();
        assertThat(options.dictionaryEncoding(new Column("a", ColumnType.TIMESTAMP))).isFalse();
    }

    @Test
    void a_per_column_override_beats_the_type_default() {
        ParquetOptions options = ParquetOptions.defaults()
                .withDictionaryOverrides(Map.of("status_code", true, "note", false));

        assertThat(options.dictionaryEncoding(new Column("status_code", ColumnType.BIGINT))).isTrue();
        assertThat(options.dictionaryEncoding(new Column("note", ColumnType.STRING))).isFalse();
        assertThat(options.dictionaryEncoding(new Column("other", ColumnType.STRING))).isTrue();
    }

    @Test
    void overrides_for_columns_missing_from_the_schema_are_rejected() {
        RowSchema schema = new RowSchema(List.of(new Column("id", ColumnType.BIGINT)));
        ParquetOptions options = ParquetOptions.defaults().withDictionaryOverrides(Map.of("id", true, "nope", true));

        assertThatThrownBy(() -> options.validateFor(schema))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[nope]");
    }

    @Test
    void sizes_and_open_file_limit_must_be_positive() {
        assertThatThrownBy(() -> ParquetOptions.defaults().withTargetFileBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ParquetOptions.defaults().withRowGroupBytes(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ParquetOptions.defaults().withMaxOpenFiles(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
