package io.shardlake.connectors.parquet;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Page codecs for SNAPPY, ZSTD and UNCOMPRESSED without Hadoop: parquet-java's own
 * {@code CodecFactory} loads Hadoop codec classes even for Snappy, so we call snappy-java and
 * zstd-jni directly.
 *
 * <p>Rules: one compressor and one decompressor per codec (per level for ZSTD), created on first
 * use and reused. Not thread-safe; parquet-java consumes each compressed page before compressing
 * the next, so every file written by one thread may share one factory through
 * {@link #nonReleasing()}, which saves the per-file page buffers. Other codecs are refused.
 */
public final class StandaloneCodecFactory implements CompressionCodecFactory {

    private final Map<CompressionCodecName, BytesInputCompressor> compressors = new EnumMap<>(CompressionCodecName.class);
    private final Map<Integer, BytesInputCompressor> zstdByLevel = new HashMap<>();
    private final Map<CompressionCodecName, BytesInputDecompressor> decompressors = new EnumMap<>(CompressionCodecName.class);

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codecName) {
        return compressors.computeIfAbsent(codecName, StandaloneCodecFactory::newCompressor);
    }

    /** The level applies to ZSTD only; other codecs ignore it, as the interface allows. */
    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codecName, int level) {
        if (codecName != CompressionCodecName.ZSTD) {
            return getCompressor(codecName);
        }
        return zstdByLevel.computeIfAbsent(level, ZstdPageCodec.Compressor::new);
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codecName) {
        return decompressors.computeIfAbsent(codecName, StandaloneCodecFactory::newDecompressor);
    }

    @Override
    public void release() {
        compressors.values().forEach(BytesInputCompressor::release);
        zstdByLevel.values().forEach(BytesInputCompressor::release);
        decompressors.values().forEach(BytesInputDecompressor::release);
        compressors.clear();
        zstdByLevel.clear();
        decompressors.clear();
    }

    /**
     * A view whose {@link #release()} does nothing, for handing to each {@code ParquetWriter}
     * (which releases its factory on close) while the owner releases this factory once at the end.
     */
    public CompressionCodecFactory nonReleasing() {
        StandaloneCodecFactory owner = this;
        return new CompressionCodecFactory() {
            @Override
            public BytesInputCompressor getCompressor(CompressionCodecName codecName) {
                return owner.getCompressor(codecName);
            }

            @Override
            public BytesInputCompressor getCompressor(CompressionCodecName codecName, int level) {
                return owner.getCompressor(codecName, level);
            }

            @Override
            public BytesInputDecompressor getDecompressor(CompressionCodecName codecName) {
                return owner.getDecompressor(codecName);
            }

            @Override
            public void release() {
                // the owner releases
            }
        };
    }

    private static BytesInputCompressor newCompressor(CompressionCodecName codecName) {
        return switch (codecName) {
            case SNAPPY -> new SnappyPageCodec.Compressor();
            case ZSTD -> new ZstdPageCodec.Compressor(ZstdPageCodec.DEFAULT_LEVEL);
            case UNCOMPRESSED -> new UncompressedPageCodec();
            default -> throw unsupported(codecName);
        };
    }

    private static BytesInputDecompressor newDecompressor(CompressionCodecName codecName) {
        return switch (codecName) {
            case SNAPPY -> new SnappyPageCodec.Decompressor();
            case ZSTD -> new ZstdPageCodec.Decompressor();
            case UNCOMPRESSED -> new UncompressedPageCodec();
            default -> throw unsupported(codecName);
        };
    }

    private static IllegalArgumentException unsupported(CompressionCodecName codecName) {
        return new IllegalArgumentException("codec " + codecName + " is not supported without Hadoop; use one of "
                + Compression.accepted());
    }
}
