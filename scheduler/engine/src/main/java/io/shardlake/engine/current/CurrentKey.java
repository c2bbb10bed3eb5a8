package io.shardlake.engine.current;

import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A row's identity in the current-state table: its shard, then its primary key's output values,
 * ordered column by column (NULL first). Buckets hold ranges of it, so its text form
 * ({@link #encode}) is stored as a bucket's lower bound.
 */
record CurrentKey(Object[] values) implements Comparable<CurrentKey> {

    private static final char SEPARATOR = '\u001f';
    private static final String NULL = "\u0000";

    static CurrentKey of(Object[] row, int[] positions) {
        Object[] values = new Object[positions.length];
        for (int i = 0; i < positions.length; i++) {
            values[i] = row[positions[i]];
        }
        return new CurrentKey(values);
    }

    String shard() {
        return (String) values[0];
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public int compareTo(CurrentKey other) {
        int common = Math.min(values.length, other.values.length);
        for (int i = 0; i < common; i++) {
            Object a = values[i];
            Object b = other.values[i];
            if (a == b) {
                continue;
            }
            if (a == null || b == null) {
                return a == null ? -1 : 1;
            }
            int c = ((Comparable) a).compareTo(b);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(values.length, other.values.length); // a prefix (a shard alone) sorts before its keys
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CurrentKey k && Arrays.equals(values, k.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    /** Text form, decoded by {@link #decode} with the same key columns. */
    String encode() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                text.append(SEPARATOR);
            }
            text.append(values[i] == null ? NULL : values[i] instanceof BigDecimal d ? d.toPlainString() : values[i].toString());
        }
        return text.toString();
    }

    static CurrentKey decode(String text, List<Column> columns) {
        String[] parts = text.split(String.valueOf(SEPARATOR), -1);
        if (parts.length != columns.size()) {
            throw new IllegalArgumentException("a stored key has " + parts.length + " values, the table's key " + columns.size());
        }
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            values.add(NULL.equals(parts[i]) ? null : parse(parts[i], columns.get(i).type()));
        }
        return new CurrentKey(values.toArray());
    }

    private static Object parse(String text, ColumnType type) {
        return switch (type.kind()) {
            case STRING, JSON -> text;
            case BIGINT -> Long.parseLong(text);
            case INT -> Integer.parseInt(text);
            case DOUBLE -> Double.parseDouble(text);
            case BOOLEAN -> Boolean.parseBoolean(text);
            case TIMESTAMP -> Instant.parse(text);
            case DATE -> LocalDate.parse(text);
            case DECIMAL -> new BigDecimal(text);
        };
    }
}
