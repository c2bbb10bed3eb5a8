package io.shardlake.connectors.parquet;

import java.io.IOException;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/** Parquet SNAPPY pages are raw Snappy blocks (no framing), which snappy-java writes directly. */
final class SnappyPageCodec {

    private SnappyPageCodec() {}

    static final class Compressor extends ArrayPageCompressor {
        @Override
        protected int maxCompressedLength(int length) {
            return Snappy.maxCompressedLength(length);
        }

        @Override
        protected int compress(byte[] in, int length, byte[] out) throws IOException {
            return Snappy.compress(in, 0, length, out, 0);
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.SNAPPY;
        }
    }

    static final class Decompressor extends ArrayPageDecompressor {
        @Override
        protected int decompress(byte[] in, int length, byte[] out, int outLength) throws IOException {
            return Snappy.uncompress(in, 0, length, out, 0);
        }
    }
}
