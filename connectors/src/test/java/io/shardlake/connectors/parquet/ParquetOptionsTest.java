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
    void with_too_few_sampled_values_dictionary_encoding_is_on_only_for_string_boolean_date_and_int_columns() {
        ParquetOptions options = ParquetOptions.defaults();
        int few = ParquetOptions.MIN_SAMPLED_VALUES - 1;

        assertThat(options.dictionaryEncoding(new Column("a", ColumnType.STRING), 0, 0)).isTrue();
        assertThat(options.dictionaryEncoding(new Column("a", ColumnType.STRING), few, few)).isTrue();
        assertThat(options.dictionaryEncoding(new Column("a", ColumnType.BOOLEAN), few, 2)).isTrue();
        assertThat(options.dictionaryEncoding(new Column("a", ColumnType.DATE), few, 1)).isTrue();
        assertThat(options.dictionaryEncoding(new Column("a", ColumnType.INT), few, 1)).isTrue();
        assertThat(options.dictionaryEncoding(new Column("a", ColumnType.JSON), few, 1)).isFalse();
        assertThat(options.dictionaryEncoding(new Column("a", ColumnType.BIGINT), few, 1)).isFalse();
        assertThat(options.dictionaryEncoding(new Column("a", ColumnType.DOUBLE), few, 1)).isFalse();
        assertThat(options.dictionaryEncoding(new Column("a", ColumnType.decimal(9, 2)), few, 1)).isFalse();
        assertThat(options.dictionaryEncoding(new Column("a", ColumnType.TIMESTAMP), 0, 0)).isFalse();
    }

    @Test
    void with_enough_sampled_values_dictionary_encoding_is_on_only_where_at_most_one_in_ten_is_distinct() {
        ParquetOptions options = ParquetOptions.defaults();
        int min = ParquetOptions.MIN_SAMPLED_VALUES;

        assertThat(options.dictionaryEncoding(new Column("note", ColumnType.STRING), 1024, 1024)).isFalse();
        assertThat(options.dictionaryEncoding(new Column("note", ColumnType.STRING), 1024, 103)).isFalse();
        assertThat(options.dictionaryEncoding(new Column("status", ColumnType.STRING), 1024, 102)).isTrue();
        assertThat(options.dictionaryEncoding(new Column("payload", ColumnType.JSON), 1024, 1000)).isFalse();
        assertThat(options.dictionaryEncoding(new Column("payload", ColumnType.JSON), 1024, 3)).isTrue();
        assertThat(options.dictionaryEncoding(new Column("code", ColumnType.BIGINT), min, min / 10)).isTrue();
        assertThat(options.dictionaryEncoding(new Column("code", ColumnType.BIGINT), min, min / 10 + 1)).isFalse();
        assertThat(options.dictionaryEncoding(new Column("at", ColumnType.TIMESTAMP), 1024, 1)).isTrue();
    }

    @Test
    void a_per_column_override_beats_the_sample_and_the_type_default() {
        ParquetOptions options = ParquetOptions.defaults()
                .withDictionaryOverrides(Map.of("status_code", true, "note", false));

        assertThat(options.dictionaryEncoding(new Column("status_code", ColumnType.BIGINT), 0, 0)).isTrue();
        assertThat(options.dictionaryEncoding(new Column("status_code", ColumnType.BIGINT), 1024, 1024)).isTrue();
        assertThat(options.dictionaryEncoding(new Column("note", ColumnType.STRING), 0, 0)).isFalse();
        assertThat(options.dictionaryEncoding(new Column("note", ColumnType.STRING), 1024, 1)).isFalse();
        assertThat(options.dictionaryEncoding(new Column("other", ColumnType.STRING), 1024, 1)).isTrue();
        assertThat(options.dictionaryEncoding(new Column("other", ColumnType.STRING), 1024, 1024)).isFalse();
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
