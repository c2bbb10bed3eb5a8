package io.shardlake.transforms.spec;

import io.shardlake.transforms.schema.ColumnType;

/** A source column kept in the output, under {@code name}, cast to {@code type}. */
public record ColumnMapping(String name, String from, ColumnType type) {
}
