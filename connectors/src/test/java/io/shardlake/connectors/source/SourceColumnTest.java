package io.shardlake.connectors.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Types;
import org.junit.jupiter.api.Test;

class SourceColumnTest {

    private static String suggested(String sqlType, int jdbcType) {
        return new SourceColumn("c", sqlType, jdbcType, true, false, 0).suggestedType();
    }

    @Test
    void suggestsTheOutputTypeADefinitionWouldUse() {
        assertThat(suggested("JSON", Types.LONGVARCHAR)).isEqualTo("json");
        assertThat(suggested("BIGINT UNSIGNED", Types.BIGINT)).isEqualTo("decimal(20,0)");
        assertThat(suggested("INT UNSIGNED", Types.INTEGER)).isEqualTo("bigint");
        assertThat(suggested("DECIMAL(10)", Types.DECIMAL)).isEqualTo("decimal(10,0)");
        assertThat(suggested("DATETIME", Types.TIMESTAMP)).isEqualTo("timestamp");
        assertThat(suggested("DATE", Types.DATE)).isEqualTo("date");
        assertThat(suggested("DOUBLE", Types.DOUBLE)).isEqualTo("double");
        assertThat(suggested("BLOB", Types.LONGVARBINARY)).isEqualTo("string");
    }
}
