package io.shardlake.connectors.objectstore;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads {@code length} bytes of a file starting at {@code offset}: one multipart part.
 *
 * <p>Uses positional reads on a shared channel, so any number of slices (and SDK retries, which
 * ask for a fresh stream) can read without moving each other's position. Closing the slice leaves
 * the channel open; its owner closes it. A file that ends early fails loudly instead of sending a
 * short part.
 */
final class FileSliceInputStream extends InputStream {

    private final FileChannel channel;
    private final long end;
    private final long length;
    private long position;

    FileSliceInputStream(FileChannel channel, long offset, long length) {
        this.channel = channel;
        this.position = offset;
        this.length = length;
        this.end = offset + length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        long remaining = end - position;
        if (remaining <= 0) {
            return -1;
        }
        int n = channel.read(ByteBuffer.wrap(buffer, off, (int) Math.min(len, remaining)), position);
        if (n < 0) {
            throw new EOFException("Source file ended at byte " + position + " but the part needs "
                    + length + " bytes up to " + end + "; was it truncated during upload?");
        }
        position += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, end - position));
        position += skipped;
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, end - position);
    }
}
