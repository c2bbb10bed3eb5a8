package io.shardlake.connectors.athena;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Athena's rules for database, table and column names, and how to quote them. Athena (Glue) keeps
 * names in lower case and allows only letters, digits and underscores; DDL needs backticks around
 * reserved words and around names starting with a digit or an underscore (our audit columns
 * {@code _shard}, ...). SELECTs and views quote with double quotes instead.
 */
public final class AthenaNames {

    /** Glue's limit for a table or column name. */
    public static final int MAX_LENGTH = 255;

    private static final Pattern ALLOWED = Pattern.compile("[a-z0-9_]+");

    /** Athena's list of reserved keywords in DDL statements (AWS docs, "Escape reserved keywords in queries"). */
    private static final Set<String> DDL_RESERVED = Set.of(
            "all", "alter", "and", "array", "as", "authorization", "between", "bigint", "binary", "boolean", "both",
            "by", "case", "cashe", "cast", "char", "column", "conf", "constraint", "commit", "create", "cross", "cube",
            "current", "current_date", "current_timestamp", "cursor", "database", "date", "dayofweek", "decimal",
            "delete", "describe", "distinct", "div", "double", "drop", "else", "end", "exchange", "exists", "extended",
            "external", "extract", "false", "fetch", "float", "floor", "following", "for", "foreign", "from", "full",
            "function", "grant", "group", "grouping", "having", "if", "import", "in", "inner", "insert", "int",
            "integer", "intersect", "interval", "into", "is", "join", "lateral", "left", "less", "like", "local",
            "macro", "map", "more", "none", "not", "null", "numeric", "of", "on", "only", "or", "order", "out", "outer",
            "over", "partialscan", "partition", "percent", "preceding", "precision", "preserve", "primary",
            "procedure", "range", "reads", "reduce", "regexp", "references", "revoke", "right", "rlike", "rollback",
            "rollup", "row", "rows", "select", "set", "smallint", "start", "table", "tablesample", "then", "time",
            "timestamp", "to", "transform", "trigger", "true", "truncate", "unbounded", "union", "uniquejoin", "update",
            "user", "using", "utc_timestamp", "values", "varchar", "views", "when", "where", "window", "with");

    private AthenaNames() {
    }

    /**
     * The name as Athena stores it (lower case), or an {@link IllegalArgumentException} naming
     * {@code what} and the problem when Athena cannot hold it.
     */
    public static String checkName(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty; Athena names are lower_snake_case, e.g. order_id");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (!ALLOWED.matcher(lower).matches()) {
            throw new IllegalArgumentException(what + " '" + name + "' cannot be an Athena name: only letters, digits and"
                    + " underscores are allowed, e.g. order_id");
        }
        if (lower.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(what + " '" + name + "' is " + lower.length()
                    + " characters long; Athena allows at most " + MAX_LENGTH);
        }
        return lower;
    }

    /** A checked name as written in DDL: backticked when it is reserved or starts with a digit or underscore. */
    public static String ddl(String name) {
        char first = name.charAt(0);
        boolean quote = DDL_RESERVED.contains(name) || first == '_' || Character.isDigit(first);
        return quote ? "`" + name + "`" : name;
    }

    /** A checked name as written in a SELECT or view (Trino syntax): always double-quoted, so no list can go stale. */
    public static String dml(String name) {
        return "\"" + name + "\"";
    }

    /**
     * A string literal for DDL (locations, property values, partition values). Hive escapes with a
     * backslash and Trino by doubling the quote, so values holding either are refused instead.
     */
    public static String literal(String text) {
        if (text.indexOf('\'') >= 0 || text.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("'" + text + "' holds a quote or backslash, which this DDL does not write");
        }
        return "'" + text + "'";
    }
}
