package io.shardlake.connectors.parquet;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet ZSTD pages are standard Zstandard frames. One native context per compressor is reused
 * for every page: creating a context per page costs more than compressing a small page.
 */
final class ZstdPageCodec {

    /** zstd's own default level, also parquet-java's. */
    static final int DEFAULT_LEVEL = 3;

    private ZstdPageCodec() {}

    static final class Compressor extends ArrayPageCompressor {
        private final ZstdCompressCtx context;

        Compressor(int level) {
            context = new ZstdCompressCtx().setLevel(level);
        }

        @Override
        protected int maxCompressedLength(int length) {
            return Math.toIntExact(Zstd.compressBound(length));
        }

        @Override
        protected int compress(byte[] in, int length, byte[] out) {
            return context.compressByteArray(out, 0, out.length, in, 0, length);
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.ZSTD;
        }

        @Override
        public void release() {
            super.release();
            context.close();
        }
    }

    static final class Decompressor extends ArrayPageDecompressor {
        private final ZstdDecompressCtx context = new ZstdDecompressCtx();

        @Override
        protected int decompress(byte[] in, int length, byte[] out, int outLength) {
            return context.decompressByteArray(out, 0, outLength, in, 0, length);
        }

        @Override
        public void release() {
            context.close();
        }
    }
}
