/**
 * Writes rows ({@code Object[]} laid out like a {@link io.shardlake.transforms.schema.RowSchema})
 * to date-partitioned Parquet files that Amazon Athena (Trino) reads correctly.
 *
 * <p>Rules kept by this package:
 * <ul>
 *   <li>Each column type maps to exactly one Parquet type ({@link io.shardlake.connectors.parquet.ParquetSchemas}):
 *       timestamps are INT64 TIMESTAMP(MILLIS, UTC), never INT96 or micros.</li>
 *   <li>Writing needs no Hadoop classes at run time: values go straight into parquet-java's column
 *       writers ({@link io.shardlake.connectors.parquet.ColumnarParquetWriter}, no record API), files
 *       through a local {@link org.apache.parquet.io.OutputFile} and our own codec factory
 *       (snappy-java, zstd-jni). Reading back through parquet-java would still need Hadoop; tests
 *       read with DuckDB instead.</li>
 *   <li>A row that does not fit the schema is rejected with {@link io.shardlake.connectors.parquet.InvalidRowException}
 *       before any of it reaches a file, so the writer stays usable.</li>
 *   <li>Dictionary encoding is chosen once per writer and column from a sample of its first rows
 *       (held back before any file is opened): on only where at most one non-null value in ten is
 *       distinct, so free text and JSON payloads stay plain whatever their type; per-column
 *       overrides win, and a sample with too few values falls back to the type's default
 *       ({@link io.shardlake.connectors.parquet.ParquetOptions#dictionaryEncoding}).
 *       JSON columns carry no min/max statistics (they never prune a query and cost CPU per value).</li>
 *   <li>Heap is bounded by the number of open files ({@link io.shardlake.connectors.parquet.ParquetOptions#maxOpenFiles()}),
 *       the dictionary sample (1,024 rows, fewer when they hold over 8 MiB of text) and a 16 KiB
 *       buffer per spilled partition: when rows of more partitions than that interleave, the
 *       extra partitions go to local spill files and become Parquet at the end
 *       ({@link io.shardlake.connectors.parquet.PartitionedParquetWriter}).</li>
 * </ul>
 */
package io.shardlake.connectors.parquet;
