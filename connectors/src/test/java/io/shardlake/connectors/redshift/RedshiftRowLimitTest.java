package io.shardlake.connectors.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import io.shardlake.transforms.schema.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedshiftRowLimitTest {

    private static final RowSchema SCHEMA = new RowSchema(List.of(new Column("id", ColumnType.BIGINT),
            new Column("note", ColumnType.STRING), new Column("payload", ColumnType.JSON)));
    private static final RedshiftRowLimit LIMIT = RedshiftRowLimit.of(SCHEMA);

    @Test
    void aValueOfExactly65535BytesFitsAndOneByteMoreIsRefusedNamingTheColumnAndItsSize() {
        assertThat(LIMIT.refusal(new Object[] {1L, "a".repeat(65_535), null})).isNull();

        assertThat(LIMIT.refusal(new Object[] {1L, "a".repeat(65_536), null}))
                .startsWith("column note: 65,536 bytes in UTF-8, over Redshift's VARCHAR(65535) limit of 65,535 bytes");
    }

    @Test
    void multiByteCharactersCountAsTheirUtf8BytesNotAsCharacters() {
        String euros = "€".repeat(21_846); // 21,846 characters, 65,538 bytes
        String emoji = "🚀".repeat(16_384); // 32,768 chars (surrogate pairs), 65,536 bytes

        assertThat(LIMIT.refusal(new Object[] {1L, euros, null})).startsWith("column note: 65,538 bytes in UTF-8");
        assertThat(LIMIT.refusal(new Object[] {1L, null, emoji})).startsWith("column payload: 65,536 bytes in UTF-8");
        assertThat(LIMIT.refusal(new Object[] {1L, "€".repeat(21_845), "🚀".repeat(16_383)})).as("65,535 and 65,532 bytes").isNull();
    }

    @Test
    void valuesHeldAsUtf8BytesAreMeasuredByTheirBytes() {
        Utf8 over = Utf8.wrap("é".repeat(32_768).getBytes(StandardCharsets.UTF_8)); // 65,536 bytes

        assertThat(LIMIT.refusal(new Object[] {1L, over, null})).startsWith("column note: 65,536 bytes in UTF-8");
        assertThat(RedshiftRowLimit.utf8Length("aé€🚀")).isEqualTo("aé€🚀".getBytes(StandardCharsets.UTF_8).length);
    }
}
