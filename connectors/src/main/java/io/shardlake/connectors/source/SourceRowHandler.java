package io.shardlake.connectors.source;

import java.time.LocalDateTime;

/** Receives extracted rows in the order of the read's {@link AccessPath}. */
@FunctionalInterface
public interface SourceRowHandler {

    /**
     * @param values  the row, positioned as {@link ExtractQuery#selectColumns()}; temporal values
     *                are UTC {@link java.time.Instant}s, text is {@link io.shardlake.transforms.schema.Utf8}
     * @param cursor  the cursor value as stored, in the cursor's zone (for watermarks)
     */
    void row(Object[] values, LocalDateTime cursor) throws Exception;
}
