package io.shardlake.connectors.parquet;

import java.lang.reflect.Constructor;
import java.util.HashMap;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.crypto.FileDecryptionProperties;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.ParquetMetricsCallback;

/**
 * {@link ParquetReadOptions} that need no Hadoop classes. parquet-java 1.18's builder always
 * creates its Hadoop {@code CodecFactory} first (even when {@code withCodecFactory} follows), and
 * loading that class needs Hadoop; the options' own constructor does not, but it is package-private.
 * So it is called reflectively here, once, with our {@link StandaloneCodecFactory}.
 * {@code ParquetRowReaderTest} fails on a parquet-java upgrade that changes the constructor.
 */
final class StandaloneReadOptions {

    private static final int MAX_ALLOCATION_BYTES = 8 * 1024 * 1024; // parquet-java's default
    private static final Constructor<ParquetReadOptions> CONSTRUCTOR = constructor();

    private StandaloneReadOptions() {
    }

    /** Options reading every row (no filters, no checksum checks) through {@code codecs}. */
    static ParquetReadOptions create(CompressionCodecFactory codecs) {
        try {
            return CONSTRUCTOR.newInstance(
                    false, // useSignedStringMinMax
                    false, // useStatsFilter
                    false, // useDictionaryFilter
                    false, // useRecordFilter
                    false, // useColumnIndexFilter
                    false, // usePageChecksumVerification
                    false, // useBloomFilter
                    false, // useOffHeapDecryptBuffer
                    false, // useHadoopVectoredIo
                    FilterCompat.NOOP, ParquetMetadataConverter.NO_FILTER, codecs, new HeapByteBufferAllocator(),
                    MAX_ALLOCATION_BYTES, new HashMap<String, String>(), null, null, new PlainParquetConfiguration());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create Parquet read options without Hadoop", e);
        }
    }

    private static Constructor<ParquetReadOptions> constructor() {
        try {
            Constructor<ParquetReadOptions> c = ParquetReadOptions.class.getDeclaredConstructor(
                    boolean.class, boolean.class, boolean.class, boolean.class, boolean.class, boolean.class,
                    boolean.class, boolean.class, boolean.class, FilterCompat.Filter.class,
                    ParquetMetadataConverter.MetadataFilter.class, CompressionCodecFactory.class,
                    org.apache.parquet.bytes.ByteBufferAllocator.class, int.class, java.util.Map.class,
                    FileDecryptionProperties.class, ParquetMetricsCallback.class,
                    org.apache.parquet.conf.ParquetConfiguration.class);
            c.setAccessible(true);
            return c;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("this parquet-java version has no ParquetReadOptions constructor taking a codec "
                    + "factory and a plain configuration; the Redshift sink's Parquet reader must be adapted", e);
        }
    }
}
