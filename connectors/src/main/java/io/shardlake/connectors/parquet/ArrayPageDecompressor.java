package io.shardlake.connectors.parquet;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputDecompressor;

/**
 * Decompresses a page through heap arrays. Writing never decompresses; this exists so the codec
 * factory is complete and so tests can check compressed pages round-trip.
 */
abstract class ArrayPageDecompressor implements BytesInputDecompressor {

    @Override
    public final BytesInput decompress(BytesInput bytes, int decompressedSize) throws IOException {
        byte[] in = bytes.toByteArray();
        byte[] out = new byte[decompressedSize];
        check(decompress(in, in.length, out, decompressedSize), decompressedSize);
        return BytesInput.from(out);
    }

    @Override
    public final void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize)
            throws IOException {
        byte[] in = new byte[compressedSize];
        input.get(in);
        byte[] out = new byte[decompressedSize];
        check(decompress(in, compressedSize, out, decompressedSize), decompressedSize);
        output.put(out);
    }

    /** Decompresses {@code in[0, length)} into {@code out[0, outLength)}; returns the bytes written. */
    protected abstract int decompress(byte[] in, int length, byte[] out, int outLength) throws IOException;

    private static void check(int actual, int expected) throws IOException {
        if (actual != expected) {
            throw new IOException("page decompressed to " + actual + " bytes, expected " + expected);
        }
    }

    @Override
    public void release() {}
}
