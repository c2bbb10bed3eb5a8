package io.shardlake.transforms.spec;

import io.shardlake.transforms.schema.ColumnType;

/**
 * A column computed from other columns by an expression such as {@code date(created_at)} or
 * {@code concat(currency, ':', lower(status))}; see {@code io.shardlake.transforms.expression}.
 */
public record DerivedColumn(String name, String expression, ColumnType type) {
}
