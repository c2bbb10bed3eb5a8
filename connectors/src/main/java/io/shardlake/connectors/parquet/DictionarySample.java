package io.shardlake.connectors.parquet;

import io.shardlake.transforms.schema.RowSchema;
import io.shardlake.transforms.schema.Utf8;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The first rows a {@link PartitionedParquetWriter} receives, held back before any file is opened
 * so that dictionary encoding can be chosen per column from real values
 * ({@link ParquetOptions#dictionaryEncoding}). Holds references to at most {@link #MAX_ROWS} rows
 * and about {@link #MAX_TEXT_BYTES} of text.
 */
final class DictionarySample {

    /**
     * Rows sampled. Enough for a distinct ratio to tell a column of a few dozen values from a
     * nearly unique one; few enough that holding them back costs little heap and delays the first
     * file by a moment.
     */
    static final int MAX_ROWS = 1_024;

    /**
     * Text held at most, so that rows with large JSON payloads (LONGTEXT) end the sample early
     * instead of holding a thousand of them: 8 MiB is a quarter of the row group parquet-java
     * buffers per open file, and still leaves over 100 rows of 64 KiB payloads to judge from.
     */
    static final long MAX_TEXT_BYTES = 8L * 1024 * 1024;

    private final List<String> partitions = new ArrayList<>();
    private final List<Object[]> rows = new ArrayList<>();
    private long textBytes;

    /** Holds a row; true once the sample is full. */
    boolean add(String partition, Object[] row) {
        partitions.add(partition);
        rows.add(row);
        for (Object value : row) {
            if (value instanceof Utf8 utf8) {
                textBytes += utf8.bytes().length;
            } else if (value instanceof String s) {
                textBytes += s.length();
            }
        }
        return rows.size() >= MAX_ROWS || textBytes >= MAX_TEXT_BYTES;
    }

    int size() {
        return rows.size();
    }

    String partition(int i) {
        return partitions.get(i);
    }

    Object[] row(int i) {
        return rows.get(i);
    }

    /** Per column of {@code schema}, whether to dictionary-encode it, judged from the held rows. */
    boolean[] choose(RowSchema schema, ParquetOptions options) {
        boolean[] choice = new boolean[schema.size()];
        Set<Object> distinct = new HashSet<>();
        for (int c = 0; c < choice.length; c++) {
            int values = 0;
            distinct.clear();
            for (Object[] row : rows) {
                Object value = row[c];
                if (value != null) {
                    values++;
                    // A text column may get both forms; the same text is one dictionary entry.
                    distinct.add(value instanceof String s ? Utf8.of(s) : value);
                }
            }
            choice[c] = options.dictionaryEncoding(schema.column(c), values, distinct.size());
        }
        return choice;
    }
}
