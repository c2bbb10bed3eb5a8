package io.shardlake.transforms.schema;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The ordered columns of a row; values of a row sit at the same positions. */
public final class RowSchema {

    private final List<Column> columns;
    private final Map<String, Integer> positions = new HashMap<>();

    public RowSchema(List<Column> columns) {
        this.columns = List.copyOf(columns);
        for (int i = 0; i < this.columns.size(); i++) {
            if (positions.putIfAbsent(this.columns.get(i).name(), i) != null) {
                throw new IllegalArgumentException("duplicate column '" + this.columns.get(i).name() + "'");
            }
        }
    }

    public List<Column> columns() {
        return columns;
    }

    public int size() {
        return columns.size();
    }

    public Column column(int position) {
        return columns.get(position);
    }

    /** Position of the named column, or -1. */
    public int indexOf(String name) {
        Integer p = positions.get(name);
        return p == null ? -1 : p;
    }

    public boolean contains(String name) {
        return positions.containsKey(name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowSchema other && columns.equals(other.columns);
    }

    @Override
    public int hashCode() {
        return columns.hashCode();
    }

    @Override
    public String toString() {
        return columns.toString();
    }
}
