package io.shardlake.transforms.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowSchemaAndUtf8Test {

    @Test
    void aSchemaFindsColumnsByNameAndPosition() {
        List<Column> columns = new ArrayList<>(List.of(new Column("id", ColumnType.BIGINT), new Column("name", ColumnType.STRING)));
        RowSchema schema = new RowSchema(columns);
        columns.clear();

        assertThat(schema.size()).isEqualTo(2);
        assertThat(schema.indexOf("name")).isEqualTo(1);
        assertThat(schema.indexOf("missing")).isEqualTo(-1);
        assertThat(schema.contains("id")).isTrue();
        assertThat(schema.contains("ID")).isFalse();
        assertThat(schema.column(0)).isEqualTo(new Column("id", ColumnType.BIGINT));
        assertThat(schema).isEqualTo(new RowSchema(List.of(new Column("id", ColumnType.BIGINT), new Column("name", ColumnType.STRING))));
    }

    @Test
    void aSchemaRefusesDuplicateColumnNames() {
        assertThatThrownBy(() -> new RowSchema(List.of(new Column("id", ColumnType.BIGINT), new Column("id", ColumnType.STRING))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duplicate column 'id'");
    }

    @Test
    void utf8ValuesAreEqualByTheirBytesHoweverMade() {
        Utf8 fromString = Utf8.of("São Paulo 😀");
        Utf8 fromBytes = Utf8.wrap("São Paulo 😀".getBytes(StandardCharsets.UTF_8));

        assertThat(fromBytes).isEqualTo(fromString).hasSameHashCodeAs(fromString);
        assertThat(fromBytes).hasToString("São Paulo 😀");
        assertThat(fromString.bytes()).isEqualTo("São Paulo 😀".getBytes(StandardCharsets.UTF_8));
        assertThat(Utf8.of("a")).isNotEqualTo("a");
    }

    @Test
    void utf8SortsByCodePointLikeTheBytesDo() {
        assertThat(Utf8.of("é").compareTo(Utf8.of("z"))).isPositive();
        assertThat(Utf8.of("a").compareTo(Utf8.of("ab"))).isNegative();
        assertThat(Utf8.of("😀").compareTo(Utf8.of("\uffff"))).isPositive();
        assertThat(Utf8.of("b").compareTo(Utf8.wrap(new byte[] {'b'}))).isZero();
    }

    @Test
    void asciiCaseMappingWorksOnTheBytesAndLeavesOtherTextToTheString() {
        Utf8 mixed = Utf8.wrap("Shipped-42 Z".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(mixed.asciiLowerCase().toString()).isEqualTo("shipped-42 z");
        assertThat(mixed.asciiUpperCase().toString()).isEqualTo("SHIPPED-42 Z");
        assertThat(mixed.toString()).as("the original is unchanged").isEqualTo("Shipped-42 Z");
        Utf8 lower = Utf8.of("already lower");
        assertThat(lower.asciiLowerCase()).as("nothing to map: the same value").isSameAs(lower);
        assertThat(Utf8.of("Ação").asciiLowerCase()).as("not ASCII").isNull();
        assertThat(Utf8.of("").asciiUpperCase().toString()).isEmpty();
    }
}
