package io.shardlake.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void splitsStatementsAtSemicolonsThatEndALineAndDropsCommentLines() {
        SqlScript script = SqlScript.of("""
                -- a comment; with a semicolon;
                CREATE TABLE a (
                  id BIGINT -- trailing comments stay inside the statement
                );
                INSERT INTO a VALUES (1);INSERT INTO a VALUES (2);

                  -- indented comment
                SELECT 1""");

        assertThat(script.statements()).containsExactly(
                "CREATE TABLE a (\n  id BIGINT -- trailing comments stay inside the statement\n)",
                "INSERT INTO a VALUES (1);INSERT INTO a VALUES (2)",
                "SELECT 1");
    }

    @Test
    void theDemoSchemaHasOneCreateTableStatementPerTable() {
        assertThat(SqlScript.fromClasspath(DemoSchema.RESOURCE).statements())
                .hasSize(DemoSchema.TABLES.size())
                .allSatisfy(statement -> assertThat(statement).startsWith("CREATE TABLE IF NOT EXISTS"));
    }

    @Test
    void aMissingResourceIsReportedByName() {
        assertThatThrownBy(() -> SqlScript.fromClasspath("demo/missing.sql"))
                .hasMessageContaining("demo/missing.sql");
    }
}
