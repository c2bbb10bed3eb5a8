package io.shardlake.connectors.parquet;

import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import io.shardlake.transforms.schema.Utf8;
import java.io.Closeable;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;

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
 *   <li>decimal: scale (int), then the unscaled value's two's complement bytes (int length, bytes)</li>
 * </ul>
 * Values must already be of the column's Java type (see {@link ColumnWriters}). A row is encoded
 * into a plain byte buffer and copied out whole: per-value calls on a synchronized buffered stream
 * cost about a microsecond per row, as much as writing its Parquet.
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
        private final ByteBuffer buffer = ByteBuffer.allocate(WRITE_BUFFER_BYTES);
        private ByteBuffer row = ByteBuffer.allocate(1024);
        private long rows;

        Writer(Path path, RowSchema schema) throws IOException {
            this.path = path;
            this.kinds = kinds(schema);
            this.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }

        void write(Object[] values) throws IOException {
            row.clear();
            room(4);
            row.putInt(0); // the row's length, set below
            for (int i = 0; i < kinds.length; i++) {
                Object value = values[i];
                room(1);
                if (value == null) {
                    row.put(NULL);
                    continue;
                }
                row.put(VALUE);
                switch (kinds[i]) {
                    case STRING, JSON -> putBytes(value instanceof Utf8 utf8
                            ? utf8.bytes() : ((String) value).getBytes(StandardCharsets.UTF_8));
                    case BIGINT -> room(8).putLong((Long) value);
                    case INT -> room(4).putInt((Integer) value);
                    case DOUBLE -> room(8).putLong(Double.doubleToRawLongBits((Double) value));
                    case BOOLEAN -> room(1).put((byte) ((Boolean) value ? 1 : 0));
                    case TIMESTAMP -> {
                        Instant instant = (Instant) value;
                        room(12).putLong(instant.getEpochSecond()).putInt(instant.getNano());
                    }
                    case DATE -> room(8).putLong(((LocalDate) value).toEpochDay());
                    case DECIMAL -> {
                        BigDecimal decimal = (BigDecimal) value;
                        room(4).putInt(decimal.scale());
                        putBytes(decimal.unscaledValue().toByteArray());
                    }
                }
            }
            row.putInt(0, row.position() - 4);
            row.flip();
            if (buffer.remaining() < row.remaining()) {
                drain(buffer);
            }
            if (row.remaining() > buffer.capacity()) {
                drain(row);
            } else {
                buffer.put(row);
            }
            rows++;
        }

        private void putBytes(byte[] bytes) {
            room(4 + bytes.length).putInt(bytes.length).put(bytes);
        }

        /** The row buffer, with room for {@code bytes} more. */
        private ByteBuffer room(int bytes) {
            if (row.remaining() < bytes) {
                ByteBuffer larger = ByteBuffer.allocate(Math.max(row.capacity() * 2, row.position() + bytes));
                row.flip();
                row = larger.put(row);
            }
            return row;
        }

        /** Writes what {@code source} holds (flipping a fill buffer first) and leaves it empty for filling. */
        private void drain(ByteBuffer source) throws IOException {
            if (source == buffer) {
                buffer.flip();
            }
            while (source.hasRemaining()) {
                channel.write(source);
            }
            source.clear();
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
                drain(buffer);
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
        private ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER_BYTES).flip();

        Reader(Path path, RowSchema schema) throws IOException {
            this.path = path;
            this.kinds = kinds(schema);
            this.channel = FileChannel.open(path, StandardOpenOption.READ);
        }

        /** The next row, or null at the end of the file. */
        Object[] next() throws IOException {
            if (!fill(4)) {
                if (buffer.hasRemaining()) {
                    throw corrupt("a row cut short");
                }
                return null;
            }
            int length = buffer.getInt();
            if (length < 0 || !fill(length)) {
                throw corrupt(length < 0 ? "row length " + length : "a row cut short");
            }
            int end = buffer.position() + length;
            Object[] row = new Object[kinds.length];
            try {
                for (int i = 0; i < kinds.length; i++) {
                    byte tag = buffer.get();
                    if (tag == NULL) {
                        continue;
                    }
                    if (tag != VALUE) {
                        throw corrupt("tag " + tag);
                    }
                    row[i] = switch (kinds[i]) {
                        case STRING, JSON -> Utf8.wrap(bytes());
                        case BIGINT -> buffer.getLong();
                        case INT -> buffer.getInt();
                        case DOUBLE -> Double.longBitsToDouble(buffer.getLong());
                        case BOOLEAN -> buffer.get() != 0;
                        case TIMESTAMP -> Instant.ofEpochSecond(buffer.getLong(), buffer.getInt());
                        case DATE -> LocalDate.ofEpochDay(buffer.getLong());
                        case DECIMAL -> {
                            int scale = buffer.getInt();
                            yield new BigDecimal(new BigInteger(bytes()), scale);
                        }
                    };
                }
            } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
                throw corrupt("a value runs past its row");
            }
            if (buffer.position() != end) {
                throw corrupt("a row of " + length + " bytes held " + (buffer.position() - end + length));
            }
            return row;
        }

        private byte[] bytes() {
            int length = buffer.getInt();
            if (length < 0) {
                throw new IllegalArgumentException("length " + length);
            }
            byte[] bytes = new byte[length];
            buffer.get(bytes);
            return bytes;
        }

        /** Makes {@code bytes} readable in the buffer; false when the file ends first. */
        private boolean fill(int bytes) throws IOException {
            if (buffer.remaining() >= bytes) {
                return true;
            }
            if (buffer.capacity() < bytes) {
                buffer = ByteBuffer.allocate(bytes).put(buffer).flip();
            }
            buffer.compact();
            while (buffer.position() < bytes && channel.read(buffer) >= 0) {
                // read until the row is in, or the file ends
            }
            buffer.flip();
            return buffer.remaining() >= bytes;
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
