package io.shardlake.transforms.schema;

import java.util.Objects;

/** A named, typed column of an output view. Names are lower_snake_case (Athena reads by name). */
public record Column(String name, ColumnType type) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
