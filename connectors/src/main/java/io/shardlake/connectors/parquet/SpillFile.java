package io.shardlake.connectors.parquet;

import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import io.shardlake.transforms.schema.Utf8;
import java.io.Closeable;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Rows of one partition parked in a local file until {@link PartitionedParquetWriter#finish()}
 * turns them into Parquet. A private, short-lived format (written and read by the same writer),
 * so it has no header or version. Per row: its length in bytes (int), then per column a tag byte
 * (0 null, 1 value) and the value by the column's kind:
 * <ul>
 *   <li>string, json: int length, then the UTF-8 bytes (read back as {@link Utf8}, never decoded)</li>
 *   <li>bigint: long; int: int; double: the raw IEEE bits as a long; boolean: one byte</li>
 *   <li>timestamp: epoch second (long) and nano of second (int), so nothing is lost</li>
 *   <li>date: epoch day (long)</li>
 *   <li>decimal: tag 2 when its unscaled value fits a long (precision up to 18): scale (int), then the
 *       unscaled long; otherwise scale (int), then the unscaled value's two's complement bytes (int
 *       length, bytes)</li>
 * </ul>
 * Values must already be of the column's Java type (see {@link ColumnWriters}). Rows are encoded
 * straight into a plain byte array and written out when it is full: per-value calls on a
 * synchronized buffered stream cost about a microsecond per row, as much as writing its Parquet,
 * and per-value {@code ByteBuffer} bulk copies (bounds-checked memory copies) were still ~10% of a
 * full load's spill; rebuilding a {@code BigInteger} from bytes per decimal was 3%.
 */
final class SpillFile {

    /**
     * Write buffer per spilled partition. Small because a backfill may spill hundreds of
     * partitions at once; 16 KiB still turns ~40 rows of 400 bytes into one system call.
     */
    static final int WRITE_BUFFER_BYTES = 16 * 1024;

    /** Read buffer; only one spill is read at a time, so it can be larger. */
    static final int READ_BUFFER_BYTES = 64 * 1024;

    private static final byte NULL = 0;
    private static final byte VALUE = 1;
    /** A decimal whose unscaled value is a long. */
    private static final byte COMPACT_DECIMAL = 2;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private SpillFile() {}

    private static ColumnType.Kind[] kinds(RowSchema schema) {
        ColumnType.Kind[] kinds = new ColumnType.Kind[schema.size()];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = schema.column(i).type().kind();
        }
        return kinds;
    }

    /** Appends rows to a new file (it must not exist). */
    static final class Writer implements Closeable {
        private final Path path;
        private final ColumnType.Kind[] kinds;
        private final FileChannel channel;
        // Rows are encoded here; a row that does not fit what is left is written out first, and one
        // larger than the whole buffer gets a larger buffer of its own for the time being.
        private byte[] buffer = new byte[WRITE_BUFFER_BYTES];
        private int position;
        private long rows;

        Writer(Path path, RowSchema schema) throws IOException {
            this.path = path;
            this.kinds = kinds(schema);
            this.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }

        void write(Object[] values) throws IOException {
            int start = position;
            int end = encode(values, start);
            if (end < 0) {
                drain();
                end = encode(values, 0);
                if (end < 0) {
                    // larger than the buffer: encode it on its own and write it at once
                    byte[] normal = buffer;
                    buffer = new byte[Math.max(normal.length, encodedSize(values))];
                    end = encode(values, 0);
                    INT.set(buffer, 0, end - 4);
                    position = end;
                    drain();
                    buffer = normal;
                    rows++;
                    return;
                }
                start = 0;
            }
            INT.set(buffer, start, end - start - 4);
            position = end;
            rows++;
        }

        /** Encodes the row at {@code at}; returns where it ends, or -1 when it does not fit the buffer. */
        private int encode(Object[] values, int at) {
            byte[] b = buffer;
            int limit = b.length;
            int p = at + 4; // the row's length, set once known
            if (p > limit) {
                return -1;
            }
            for (int i = 0; i < kinds.length; i++) {
                Object value = values[i];
                // at most 1 tag + 12 bytes of fixed-size value, or 1 + 4 + 8 for a compact decimal
                if (p + 13 > limit) {
                    return -1;
                }
                if (value == null) {
                    b[p++] = NULL;
                    continue;
                }
                b[p++] = VALUE;
                switch (kinds[i]) {
                    case STRING, JSON -> {
                        byte[] bytes = value instanceof Utf8 utf8 ? utf8.bytes() : ((String) value).getBytes(StandardCharsets.UTF_8);
                        p = putBytes(b, p, bytes);
                        if (p < 0) {
                            return -1;
                        }
                    }
                    case BIGINT -> {
                        LONG.set(b, p, (long) (Long) value);
                        p += 8;
                    }
                    case INT -> {
                        INT.set(b, p, (int) (Integer) value);
                        p += 4;
                    }
                    case DOUBLE -> {
                        LONG.set(b, p, Double.doubleToRawLongBits((Double) value));
                        p += 8;
                    }
                    case BOOLEAN -> b[p++] = (byte) ((Boolean) value ? 1 : 0);
                    case TIMESTAMP -> {
                        Instant instant = (Instant) value;
                        LONG.set(b, p, instant.getEpochSecond());
                        INT.set(b, p + 8, instant.getNano());
                        p += 12;
                    }
                    case DATE -> {
                        LONG.set(b, p, ((LocalDate) value).toEpochDay());
                        p += 8;
                    }
                    case DECIMAL -> {
                        BigDecimal decimal = (BigDecimal) value;
                        INT.set(b, p, decimal.scale());
                        p += 4;
                        if (decimal.precision() <= 18) {
                            b[p - 5] = COMPACT_DECIMAL;
                            LONG.set(b, p, UnscaledDecimals.unscaledLong(decimal));
                            p += 8;
                        } else {
                            p = putBytes(b, p, decimal.unscaledValue().toByteArray());
                            if (p < 0) {
                                return -1;
                            }
                        }
                    }
                }
            }
            return p;
        }

        /** Length and bytes at {@code p}; returns the position after them, or -1 when they do not fit. */
        private static int putBytes(byte[] b, int p, byte[] bytes) {
            if (p + 4 + bytes.length > b.length) {
                return -1;
            }
            INT.set(b, p, bytes.length);
            System.arraycopy(bytes, 0, b, p + 4, bytes.length);
            return p + 4 + bytes.length;
        }

        /** An upper bound of the row's encoded size. */
        private int encodedSize(Object[] values) {
            long size = 4;
            for (int i = 0; i < kinds.length; i++) {
                Object value = values[i];
                size += 13;
                if (value instanceof Utf8 utf8) {
                    size += 4 + utf8.bytes().length;
                } else if (value instanceof String text) {
                    size += 4 + 3L * text.length();
                } else if (value instanceof BigDecimal decimal) {
                    size += 4 + decimal.unscaledValue().bitLength() / 8 + 1;
                }
            }
            if (size > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("a row of " + size + " bytes cannot be spilled");
            }
            return (int) size;
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

    /** Reads back the rows of a file written by {@link Writer}, in the order written. */
    static final class Reader implements Closeable {
        private final Path path;
        private final ColumnType.Kind[] kinds;
        private final FileChannel channel;
        // Bytes [position, limit) are read but not yet decoded.
        private byte[] buffer = new byte[READ_BUFFER_BYTES];
        private int position;
        private int limit;

        Reader(Path path, RowSchema schema) throws IOException {
            this.path = path;
            this.kinds = kinds(schema);
            this.channel = FileChannel.open(path, StandardOpenOption.READ);
        }

        /** The next row, or null at the end of the file. */
        Object[] next() throws IOException {
            if (!fill(4)) {
                if (limit > position) {
                    throw corrupt("a row cut short");
                }
                return null;
            }
            int length = (int) INT.get(buffer, position);
            position += 4;
            if (length < 0 || !fill(length)) {
                throw corrupt(length < 0 ? "row length " + length : "a row cut short");
            }
            byte[] b = buffer;
            int p = position;
            int end = p + length;
            Object[] row = new Object[kinds.length];
            try {
                for (int i = 0; i < kinds.length; i++) {
                    byte tag = b[p++];
                    if (tag == NULL) {
                        continue;
                    }
                    if (tag != VALUE && !(tag == COMPACT_DECIMAL && kinds[i] == ColumnType.Kind.DECIMAL)) {
                        throw corrupt("tag " + tag);
                    }
                    switch (kinds[i]) {
                        case STRING, JSON -> {
                            int n = bytesLength(b, p, end);
                            row[i] = Utf8.wrap(Arrays.copyOfRange(b, p + 4, p + 4 + n));
                            p += 4 + n;
                        }
                        case BIGINT -> {
                            row[i] = (long) LONG.get(b, p);
                            p += 8;
                        }
                        case INT -> {
                            row[i] = (int) INT.get(b, p);
                            p += 4;
                        }
                        case DOUBLE -> {
                            row[i] = Double.longBitsToDouble((long) LONG.get(b, p));
                            p += 8;
                        }
                        case BOOLEAN -> row[i] = b[p++] != 0;
                        case TIMESTAMP -> {
                            row[i] = Instant.ofEpochSecond((long) LONG.get(b, p), (int) INT.get(b, p + 8));
                            p += 12;
                        }
                        case DATE -> {
                            row[i] = LocalDate.ofEpochDay((long) LONG.get(b, p));
                            p += 8;
                        }
                        case DECIMAL -> {
                            int scale = (int) INT.get(b, p);
                            p += 4;
                            if (tag == COMPACT_DECIMAL) {
                                row[i] = BigDecimal.valueOf((long) LONG.get(b, p), scale);
                                p += 8;
                            } else {
                                int n = bytesLength(b, p, end);
                                row[i] = new BigDecimal(new BigInteger(b, p + 4, n), scale);
                                p += 4 + n;
                            }
                        }
                    }
                    if (p > end) {
                        throw corrupt("a value runs past its row");
                    }
                }
            } catch (IndexOutOfBoundsException | IllegalArgumentException | java.time.DateTimeException e) {
                throw corrupt("a value runs past its row");
            }
            if (p != end) {
                throw corrupt("a row of " + length + " bytes held " + (p - end + length));
            }
            position = end;
            return row;
        }

        /** The length of the bytes value at {@code p}, checked against the row's end. */
        private int bytesLength(byte[] b, int p, int end) throws IOException {
            int n = (int) INT.get(b, p);
            if (n < 0 || p + 4 + n > end) {
                throw corrupt("a value runs past its row");
            }
            return n;
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

        private IOException corrupt(String what) {
            return new IOException("spill file " + path + " is corrupt: " + what);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
