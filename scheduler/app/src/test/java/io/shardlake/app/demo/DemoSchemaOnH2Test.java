package io.shardlake.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DemoSchemaOnH2Test {

    @Test
    void createsTheThreeTablesWithAnUpdatedAtIdIndexOnH2InMySqlMode() throws SQLException {
        try (Connection h2 = ShardContents.h2("schema_h2")) {
            DemoSchema.applyTo(h2);

            SchemaExpectations.assertDemoTables(h2);
        }
    }

    @Test
    void appliesAgainWithoutErrorOrDuplicates() throws SQLException {
        try (Connection h2 = ShardContents.h2("schema_h2_twice")) {
            DemoSchema.applyTo(h2);
            DemoSchema.applyTo(h2);

            assertThat(ShardContents.count(h2, "SELECT COUNT(*) FROM information_schema.tables"
                    + " WHERE table_schema = 'public'")).isEqualTo(3);
        }
    }
}
