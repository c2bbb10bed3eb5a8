package io.shardlake.connectors.redshift;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Schema, table and column names as this sink writes them into SQL: lower-cased, checked, and
 * always double-quoted, so a reserved word such as {@code date} or {@code user} works as a column.
 *
 * <p>Lower case because Redshift folds identifiers to lower case (quoted ones too, unless
 * {@code enable_case_sensitive_identifier} is on) and Athena reads columns by lower-case name: one
 * spelling for every engine. Only {@code [a-z_][a-z0-9_]*} is accepted, so quoting never needs
 * escaping. (The Athena DDL needs the same normalising; it could become one shared class.)
 */
public final class RedshiftIdentifiers {

    private static final Pattern SAFE = Pattern.compile("[a-z_][a-z0-9_]*");

    private RedshiftIdentifiers() {
    }

    /**
     * The lower-cased {@code name}.
     *
     * @param what      what the name is, for the message ("column", "shardlake.redshift.schema")
     * @param maxLength the longest name the database keeps without truncating
     * @throws IllegalArgumentException naming {@code what} and the rule when the name is not usable
     */
    public static String normalize(String name, String what, int maxLength) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(what + " is missing; use a name such as orders_2026");
        }
        String lower = name.strip().toLowerCase(Locale.ROOT);
        if (!SAFE.matcher(lower).matches()) {
            throw new IllegalArgumentException(what + " '" + name + "' may hold only letters, digits and '_' and must not "
                    + "start with a digit, such as orders_2026");
        }
        if (lower.length() > maxLength) {
            throw new IllegalArgumentException(what + " '" + name + "' is " + lower.length() + " characters long; at most "
                    + maxLength + " are kept");
        }
        return lower;
    }

    /**
     * {@code name} unchanged when the database keeps it whole; PostgreSQL (63) keeps less than Redshift
     * (127) and would truncate silently, so a longer name is refused.
     *
     * @param what what the name is, for the message ("column", "table")
     */
    static String requireFits(String name, String what, int maxLength) {
        if (name.length() > maxLength) {
            throw new IllegalArgumentException(what + " name '" + name + "' is " + name.length() + " characters long; "
                    + "this database keeps at most " + maxLength);
        }
        return name;
    }

    /** {@code "name"}; {@code name} must have passed {@link #normalize}. */
    public static String quote(String normalizedName) {
        return '"' + normalizedName + '"';
    }
}
