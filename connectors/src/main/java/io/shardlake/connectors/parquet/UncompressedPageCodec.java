package io.shardlake.connectors.parquet;

import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputDecompressor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** UNCOMPRESSED pages pass through unchanged, both ways. */
final class UncompressedPageCodec implements BytesInputCompressor, BytesInputDecompressor {

    @Override
    public BytesInput compress(BytesInput bytes) {
        return bytes;
    }

    @Override
    public CompressionCodecName getCodecName() {
        return CompressionCodecName.UNCOMPRESSED;
    }

    @Override
    public BytesInput decompress(BytesInput bytes, int decompressedSize) {
        return bytes;
    }

    @Override
    public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize) {
        ByteBuffer slice = input.slice();
        slice.limit(compressedSize);
        output.put(slice);
        input.position(input.position() + compressedSize);
    }

    @Override
    public void release() {}
}
