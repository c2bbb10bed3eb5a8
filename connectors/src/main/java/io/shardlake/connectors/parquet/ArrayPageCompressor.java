package io.shardlake.connectors.parquet;

import java.io.IOException;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;

/**
 * Compresses a page between two reused heap arrays. The returned {@link BytesInput} wraps the
 * output array, which the {@link BytesInputCompressor} contract allows: parquet-java copies it
 * before compressing the next page.
 */
abstract class ArrayPageCompressor implements BytesInputCompressor {

    private final PageBuffer input = new PageBuffer();
    private final PageBuffer output = new PageBuffer();

    @Override
    public final BytesInput compress(BytesInput bytes) throws IOException {
        input.reset();
        bytes.writeAllTo(input);
        int length = input.size();
        byte[] out = output.ensureCapacity(maxCompressedLength(length));
        int written = compress(input.array(), length, out);
        return BytesInput.from(out, 0, written);
    }

    /** Upper bound of the compressed size of {@code length} bytes. */
    protected abstract int maxCompressedLength(int length);

    /** Compresses {@code in[0, length)} into {@code out} from offset 0; returns the bytes written. */
    protected abstract int compress(byte[] in, int length, byte[] out) throws IOException;

    @Override
    public void release() {
        input.release();
        output.release();
    }
}
