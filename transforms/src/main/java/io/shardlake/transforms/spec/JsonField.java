package io.shardlake.transforms.spec;

import io.shardlake.transforms.schema.ColumnType;

/**
 * One JSON path flattened into a column. A path that is missing in a document gives null.
 * A container at the path is written as JSON text when the type is {@code json} or
 * {@code string}; with {@link Function#LENGTH} the column holds its element count instead.
 */
public record JsonField(String name, String path, ColumnType type, Function function) {

    public enum Function { VALUE, LENGTH }

    public JsonField(String name, String path, ColumnType type) {
        this(name, path, type, Function.VALUE);
    }
}
