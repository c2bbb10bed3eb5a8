package io.shardlake.connectors.parquet;

import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import io.shardlake.transforms.schema.Utf8;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Rows of one partition parked in a local file until {@link PartitionedParquetWriter#finish()}
 * turns them into Parquet. A private, short-lived format (written and read by the same writer),
 * so it has no header or version. Per row, per column: a tag byte (0 null, 1 value), then the
 * value by the column's kind:
 * <ul>
 *   <li>string, json: int length, then the UTF-8 bytes (read back as {@link Utf8}, never decoded)</li>
 *   <li>bigint: long; int: int; double: the raw IEEE bits as a long; boolean: one byte</li>
 *   <li>timestamp: epoch second (long) and nano of second (int), so nothing is lost</li>
 *   <li>date: epoch day (long)</li>
 *   <li>decimal: scale (int), then the unscaled value's two's complement bytes (int length, bytes)</li>
 * </ul>
 * Values must already be of the column's Java type (see {@link ColumnWriters}).
 */
final class SpillFile {

    /**
     * Write buffer per spilled partition. Small because a backfill may spill hundreds of
     * partitions at once; 16 KiB still turns ~40 rows of 400 bytes into one system call.
     */
    static final int WRITE_BUFFER_BYTES = 16 * 1024;

    /** Read buffer; only one spill is read at a time, so it can be larger. */
    static final int READ_BUFFER_BYTES = 64 * 1024;

    private static final int NULL = 0;
    private static final int VALUE = 1;

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
        private final DataOutputStream out;
        private long rows;

        Writer(Path path, RowSchema schema) throws IOException {
            this.path = path;
            this.kinds = kinds(schema);
            this.out = new DataOutputStream(new BufferedOutputStream(
                    Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    WRITE_BUFFER_BYTES));
        }

        void write(Object[] row) throws IOException {
            for (int i = 0; i < kinds.length; i++) {
                Object value = row[i];
                if (value == null) {
                    out.writeByte(NULL);
                    continue;
                }
                out.writeByte(VALUE);
                switch (kinds[i]) {
                    case STRING, JSON -> writeBytes(value instanceof Utf8 utf8
                            ? utf8.bytes() : ((String) value).getBytes(StandardCharsets.UTF_8));
                    case BIGINT -> out.writeLong((Long) value);
                    case INT -> out.writeInt((Integer) value);
                    case DOUBLE -> out.writeLong(Double.doubleToRawLongBits((Double) value));
                    case BOOLEAN -> out.writeBoolean((Boolean) value);
                    case TIMESTAMP -> {
                        Instant instant = (Instant) value;
                        out.writeLong(instant.getEpochSecond());
                        out.writeInt(instant.getNano());
                    }
                    case DATE -> out.writeLong(((LocalDate) value).toEpochDay());
                    case DECIMAL -> {
                        BigDecimal decimal = (BigDecimal) value;
                        out.writeInt(decimal.scale());
                        writeBytes(decimal.unscaledValue().toByteArray());
                    }
                }
            }
            rows++;
        }

        private void writeBytes(byte[] bytes) throws IOException {
            out.writeInt(bytes.length);
            out.write(bytes);
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
            out.close();
        }
    }

    /** Reads back the rows of a file written by {@link Writer}, in the order written. */
    static final class Reader implements Closeable {
        private final Path path;
        private final ColumnType.Kind[] kinds;
        private final DataInputStream in;

        Reader(Path path, RowSchema schema) throws IOException {
            this.path = path;
            this.kinds = kinds(schema);
            this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path), READ_BUFFER_BYTES));
        }

        /** The next row, or null at the end of the file. */
        Object[] next() throws IOException {
            int first = in.read();
            if (first < 0) {
                return null;
            }
            Object[] row = new Object[kinds.length];
            try {
                for (int i = 0; i < kinds.length; i++) {
                    int tag = i == 0 ? first : in.readUnsignedByte();
                    if (tag == NULL) {
                        continue;
                    }
                    if (tag != VALUE) {
                        throw corrupt("tag " + tag);
                    }
                    row[i] = switch (kinds[i]) {
                        case STRING, JSON -> Utf8.wrap(readBytes());
                        case BIGINT -> in.readLong();
                        case INT -> in.readInt();
                        case DOUBLE -> Double.longBitsToDouble(in.readLong());
                        case BOOLEAN -> in.readBoolean();
                        case TIMESTAMP -> Instant.ofEpochSecond(in.readLong(), in.readInt());
                        case DATE -> LocalDate.ofEpochDay(in.readLong());
                        case DECIMAL -> {
                            int scale = in.readInt();
                            yield new BigDecimal(new BigInteger(readBytes()), scale);
                        }
                    };
                }
            } catch (EOFException e) {
                throw corrupt("a row cut short");
            }
            return row;
        }

        private byte[] readBytes() throws IOException {
            int length = in.readInt();
            if (length < 0) {
                throw corrupt("length " + length);
            }
            byte[] bytes = new byte[length];
            in.readFully(bytes);
            return bytes;
        }

        private IOException corrupt(String what) {
            return new IOException("spill file " + path + " is corrupt: " + what);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
