package io.shardlake.transforms.spec;

import io.shardlake.transforms.schema.ColumnType;
import java.util.List;

/**
 * Explodes the array or object at {@code path} into one output row per element.
 *
 * <ul>
 *   <li>{@code indexAs}: optional int column with the element's position (arrays, 0-based).</li>
 *   <li>{@code keyAs}: optional string column with the entry's key (objects, e.g. form answers
 *       keyed by question id).</li>
 *   <li>{@code valueAs}/{@code valueType}: optional column with the element itself.</li>
 *   <li>{@code fields}: paths relative to each element ({@code $} is the element).</li>
 * </ul>
 * A row whose path is missing, null or empty is kept once with null element columns, so no source
 * row disappears from the view.
 */
public record Explode(String path, String indexAs, String keyAs, String valueAs, ColumnType valueType,
                      List<JsonField> fields) {
    public Explode {
        fields = List.copyOf(fields);
    }
}
