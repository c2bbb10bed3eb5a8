/**
 * Writes rows ({@code Object[]} laid out like a {@link io.shardlake.transforms.schema.RowSchema})
 * to date-partitioned Parquet files that Amazon Athena (Trino) reads correctly.
 *
 * <p>Rules kept by this package:
 * <ul>
 *   <li>Each column type maps to exactly one Parquet type ({@link io.shardlake.connectors.parquet.ParquetSchemas}):
 *       timestamps are INT64 TIMESTAMP(MILLIS, UTC), never INT96 or micros.</li>
 *   <li>Writing needs no Hadoop classes at run time: files go through a local
 *       {@link org.apache.parquet.io.OutputFile}, a plain configuration and our own codec factory
 *       (snappy-java, zstd-jni). Reading back through parquet-java would still need Hadoop; tests
 *       read with DuckDB instead.</li>
 *   <li>A row that does not fit the schema is rejected with {@link io.shardlake.connectors.parquet.InvalidRowException}
 *       before any of it reaches a file, so the writer stays usable.</li>
 *   <li>Dictionary encoding follows {@link io.shardlake.connectors.parquet.ParquetOptions#dictionaryByDefault};
 *       JSON columns carry no min/max statistics (they never prune a query and cost CPU per value).</li>
 *   <li>Heap is bounded by the number of open files ({@link io.shardlake.connectors.parquet.ParquetOptions#maxOpenFiles()}).</li>
 * </ul>
 */
package io.shardlake.connectors.parquet;
