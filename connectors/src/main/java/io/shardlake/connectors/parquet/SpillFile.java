package io.shardlake.connectors.parquet;

import java.io.Closeable;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Rows of one partition parked in a local file until {@link PartitionedParquetWriter#finish()}
 * turns them into Parquet. A private, short-lived format (written and read by the same writer),
 * so it has no header or version. Per row: its length in bytes (int), then per column a tag byte
 * (0 null, 1 value) and the value in the column's spilled form, which is its Parquet value
 * ({@link ColumnWriter#spill}: the UTF-8 bytes, epoch milliseconds, an unscaled decimal, ...).
 * Reading back does not rebuild the row's objects: {@link RowWriters#writeSpilled} puts each
 * value from the read buffer straight into its column's page.
 *
 * <p>Rows are encoded straight into a plain byte array and written out when it is full: per-value
 * calls on a synchronized buffered stream cost about a microsecond per row, as much as writing its
 * Parquet; reading rows back as objects (a {@code Utf8} and a copy per text value, boxed numbers,
 * instants, decimals) was 5% of a full load's CPU, and a {@code BigInteger} per spilled decimal 3.6%.
 */
final class SpillFile {

    /**
     * Write buffer per spilled partition. Small because a backfill may spill hundreds of
     * partitions at once; 16 KiB still turns ~40 rows of 400 bytes into one system call.
     */
    static final int WRITE_BUFFER_BYTES = 16 * 1024;

    /** Read buffer; only one spill is read at a time, so it can be larger. */
    static final int READ_BUFFER_BYTES = 64 * 1024;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private SpillFile() {}

    /** Appends rows to a new file (it must not exist). */
    static final class Writer implements Closeable {
        private final Path path;
        private final RowWriters rowWriters;
        private final FileChannel channel;
        // Rows are encoded here; a row that does not fit what is left is written out first, and one
        // larger than the whole buffer gets a larger buffer of its own for the time being.
        private byte[] buffer = new byte[WRITE_BUFFER_BYTES];
        private int position;
        private long rows;

        /** @param rowWriters the schema's writers; rows given must have passed its {@link RowWriters#check} */
        Writer(Path path, RowWriters rowWriters) throws IOException {
            this.path = path;
            this.rowWriters = rowWriters;
            this.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }

        void write(Object[] values) throws IOException {
            int start = position;
            int end = encode(values, start);
            if (end < 0) {
                drain();
                start = 0;
                end = encode(values, start);
                if (end < 0) {
                    // larger than the buffer: encode it on its own and write it at once
                    byte[] normal = buffer;
                    long bound = 4 + rowWriters.spillBound(values);
                    if (bound > Integer.MAX_VALUE - 16) {
                        throw new IllegalArgumentException("a row of " + bound + " bytes cannot be spilled");
                    }
                    buffer = new byte[(int) Math.max(normal.length, bound)];
                    end = encode(values, 0);
                    position = end;
                    drain();
                    buffer = normal;
                    rows++;
                    return;
                }
            }
            position = end;
            rows++;
        }

        /** Encodes the row and its length at {@code at}; returns where it ends, or -1 when it does not fit. */
        private int encode(Object[] values, int at) {
            if (at + 4 > buffer.length) {
                return -1;
            }
            int end = rowWriters.spill(values, buffer, at + 4);
            if (end >= 0) {
                INT.set(buffer, at, end - at - 4);
            }
            return end;
        }

        /** Writes out what the buffer holds and empties it. */
        private void drain() throws IOException {
            ByteBuffer out = ByteBuffer.wrap(buffer, 0, position);
            while (out.hasRemaining()) {
                channel.write(out);
            }
            position = 0;
        }

        Path path() {
            return path;
        }

        /** Rows written so far. */
        long rows() {
            return rows;
        }

        /** Flushes and closes; the file stays. */
        @Override
        public void close() throws IOException {
            if (!channel.isOpen()) {
                return;
            }
            try {
                drain();
            } finally {
                channel.close();
            }
        }
    }

    /**
     * Reads back the rows of a file written by {@link Writer}, in the order written: each
     * {@link #next} makes one row's bytes, {@code buffer()[rowStart(), rowEnd())}, available until
     * the next call.
     */
    static final class Reader implements Closeable {
        private final Path path;
        private final FileChannel channel;
        // Bytes [position, limit) are read but not yet handed out; the current row is [rowStart, position).
        private byte[] buffer = new byte[READ_BUFFER_BYTES];
        private int position;
        private int limit;
        private int rowStart;

        Reader(Path path) throws IOException {
            this.path = path;
            this.channel = FileChannel.open(path, StandardOpenOption.READ);
        }

        /** Moves to the next row; false at the end of the file. */
        boolean next() throws IOException {
            if (!fill(4)) {
                if (limit > position) {
                    throw corrupt("a row cut short");
                }
                return false;
            }
            int length = (int) INT.get(buffer, position);
            position += 4;
            if (length < 0 || !fill(length)) {
                throw corrupt(length < 0 ? "row length " + length : "a row cut short");
            }
            rowStart = position;
            position += length;
            return true;
        }

        /** The buffer holding the current row; valid until the next call of {@link #next}. */
        byte[] buffer() {
            return buffer;
        }

        int rowStart() {
            return rowStart;
        }

        int rowEnd() {
            return position;
        }

        /** Makes {@code bytes} readable from {@code position}; false when the file ends first. */
        private boolean fill(int bytes) throws IOException {
            if (limit - position >= bytes) {
                return true;
            }
            int held = limit - position;
            if (buffer.length < bytes) {
                byte[] larger = new byte[bytes];
                System.arraycopy(buffer, position, larger, 0, held);
                buffer = larger;
            } else {
                System.arraycopy(buffer, position, buffer, 0, held);
            }
            position = 0;
            limit = held;
            ByteBuffer in = ByteBuffer.wrap(buffer, limit, buffer.length - limit);
            while (limit < bytes) {
                int read = channel.read(in);
                if (read < 0) {
                    break;
                }
                limit += read;
            }
            return limit >= bytes;
        }

        /** The error for the current row found not to be one, naming this file. */
        IOException corrupt(String what) {
            return new IOException("spill file " + path + " is corrupt: " + what);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
