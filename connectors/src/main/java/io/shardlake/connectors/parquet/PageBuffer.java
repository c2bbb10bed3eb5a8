package io.shardlake.connectors.parquet;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte array reused for every page a compressor handles, so compressing a page does
 * not allocate once the buffer has reached the largest page size. Not thread-safe.
 */
final class PageBuffer extends OutputStream {

    private byte[] bytes = new byte[0];
    private int size;

    void reset() {
        size = 0;
    }

    /** Makes room for {@code capacity} bytes in total; keeps the contents. */
    byte[] ensureCapacity(int capacity) {
        if (bytes.length < capacity) {
            bytes = Arrays.copyOf(bytes, Math.max(capacity, bytes.length * 2));
        }
        return bytes;
    }

    byte[] array() {
        return bytes;
    }

    int size() {
        return size;
    }

    @Override
    public void write(int b) {
        ensureCapacity(size + 1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensureCapacity(size + len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    /** Drops the array so a released codec holds no heap. */
    void release() {
        bytes = new byte[0];
        size = 0;
    }
}
