package io.shardlake.engine.current;

import io.shardlake.connectors.objectstore.ObjectStore;
import io.shardlake.connectors.parquet.ParquetRowReader;
import io.shardlake.transforms.schema.RowSchema;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * Reads a lake file (a run's, or a bucket's) as rows of the table's current schema. A file
 * written before columns were appended to the table has a prefix of them: its rows get NULL
 * there, as Athena reads them.
 */
final class BucketFiles {

    private BucketFiles() {
    }

    /** @return the rows read */
    static long read(ObjectStore store, String key, RowSchema schema, Path work, ParquetRowReader.RowConsumer consumer) throws Exception {
        Path local = Files.createTempFile(work, "in-", ".parquet");
        try {
            try (InputStream in = store.open(key)) {
                Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
            }
            for (int columns = schema.size(); columns >= 1; columns--) {
                ParquetRowReader reader = new ParquetRowReader(new RowSchema(schema.columns().subList(0, columns)));
                if (reader.hasSameColumns(local)) {
                    int width = schema.size();
                    return reader.read(local, row -> consumer.accept(row.length == width ? row : Arrays.copyOf(row, width)));
                }
            }
            throw new IllegalStateException("file " + key + " does not have the columns of table (" + schema + ") nor a prefix of them");
        } finally {
            Files.deleteIfExists(local);
        }
    }
}
