package io.shardlake.app.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * A plain SQL script: statements end with {@code ;} at the end of a line, {@code --} comments take
 * whole lines. Enough for our own DDL resources, not a general SQL parser (no {@code ;} inside
 * string literals at a line end, no procedures).
 */
public final class SqlScript {

    private final List<String> statements;

    private SqlScript(String text) {
        String withoutComments = text.replaceAll("(?m)^\\s*--.*$", "");
        this.statements = Arrays.stream(withoutComments.split(";\\s*(\\R|$)"))
                .map(String::strip)
                .filter(statement -> !statement.isEmpty())
                .toList();
    }

    public static SqlScript of(String text) {
        return new SqlScript(text);
    }

    /** Reads a UTF-8 script from the classpath, e.g. {@code demo/schema.sql}. */
    public static SqlScript fromClasspath(String resource) {
        try (InputStream in = SqlScript.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No classpath resource " + resource);
            }
            return new SqlScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    public List<String> statements() {
        return statements;
    }

    /** Runs every statement in order on {@code connection}. */
    public void runOn(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
