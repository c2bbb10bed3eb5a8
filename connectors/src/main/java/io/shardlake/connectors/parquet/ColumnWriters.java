package io.shardlake.connectors.parquet;

import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.Utf8;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import org.apache.parquet.io.api.Binary;

/**
 * The {@link ColumnWriter} of each column type. Java value per type: string and json take
 * {@link Utf8} (bytes go to the page as they are) or {@link String}; bigint {@link Long}; int
 * {@link Integer}; double {@link Double}; boolean {@link Boolean}; timestamp {@link Instant}
 * (written as epoch milliseconds, sub-millisecond digits dropped toward the past); date
 * {@link LocalDate}; decimal(p,s) {@link BigDecimal} of scale exactly s and at most p digits.
 */
final class ColumnWriters {

    // Bounds checked up front so an out-of-range value is rejected before its row is started.
    private static final long MIN_EPOCH_SECOND = Long.MIN_VALUE / 1000 + 1;
    private static final long MAX_EPOCH_SECOND = Long.MAX_VALUE / 1000 - 1;
    private static final int MIN_DATE_YEAR = -5_000_000; // int32 epoch days reach about ±5.8 million years
    private static final int MAX_DATE_YEAR = 5_000_000;

    /**
     * Definition level of a present value in the flat schema's optional columns (repetition level
     * always 0); a null is written at level 0.
     */
    static final int DEFINED = 1;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private ColumnWriters() {}

    static ColumnWriter forColumn(Column column) {
        ColumnType type = column.type();
        return switch (type.kind()) {
            case STRING, JSON -> new Text(column);
            case BIGINT -> new Int64(column);
            case INT -> new Int32(column);
            case DOUBLE -> new Float64(column);
            case BOOLEAN -> new Bool(column);
            case TIMESTAMP -> new TimestampMillis(column);
            case DATE -> new Date(column);
            case DECIMAL -> type.precision() <= 18 ? new DecimalUnscaled(column)
                    : new DecimalFixed(column, ParquetSchemas.decimalBytes(type.precision()));
        };
    }

    /** Text: spilled as an int length and the UTF-8 bytes. */
    private static final class Text extends ColumnWriter {
        Text(Column column) {
            super(column);
        }

        @Override
        void check(Object value) {
            if (!(value instanceof Utf8) && !(value instanceof String)) {
                throw wrongType(value, "Utf8 or String");
            }
        }

        @Override
        int spill(Object value, byte[] b, int p) {
            byte[] bytes = value instanceof Utf8 utf8 ? utf8.bytes() : ((String) value).getBytes(StandardCharsets.UTF_8);
            if (p + 4 + bytes.length > b.length) {
                return -1;
            }
            INT.set(b, p, bytes.length);
            System.arraycopy(bytes, 0, b, p + 4, bytes.length);
            return p + 4 + bytes.length;
        }

        @Override
        long spillBound(Object value) {
            return 4 + (value instanceof Utf8 utf8 ? utf8.bytes().length : 3L * ((String) value).length());
        }

        @Override
        int writeSpilled(org.apache.parquet.column.ColumnWriter out, byte[] b, int p, int end) throws CorruptSpillException {
            if (p + 4 > end) {
                throw runsPastItsRow();
            }
            int n = (int) INT.get(b, p);
            if (n < 0 || p + 4 + n > end) {
                throw runsPastItsRow();
            }
            // The spill's buffer is reused for the next rows: parquet copies what it keeps.
            out.write(Binary.fromReusedByteArray(b, p + 4, n), 0, DEFINED);
            return p + 4 + n;
        }
    }

    /**
     * A column whose Parquet value is a number: it goes through a long (the value, its raw bits, or
     * 0/1), which is also its spilled form (8 bytes).
     */
    private abstract static class LongValued extends ColumnWriter {
        LongValued(Column column) {
            super(column);
        }

        /** The value of one that passed {@link #check}, as a long. */
        abstract long toLong(Object value);

        abstract void writeLong(org.apache.parquet.column.ColumnWriter out, long value);

        @Override
        final int spill(Object value, byte[] b, int p) {
            if (p + 8 > b.length) {
                return -1;
            }
            LONG.set(b, p, toLong(value));
            return p + 8;
        }

        @Override
        final long spillBound(Object value) {
            return 8;
        }

        @Override
        final int writeSpilled(org.apache.parquet.column.ColumnWriter out, byte[] b, int p, int end) throws CorruptSpillException {
            if (p + 8 > end) {
                throw runsPastItsRow();
            }
            writeLong(out, (long) LONG.get(b, p));
            return p + 8;
        }
    }

    private static final class Int64 extends LongValued {
        Int64(Column column) {
            super(column);
        }

        @Override
        void check(Object value) {
            if (!(value instanceof Long)) {
                throw wrongType(value, "Long");
            }
        }

        @Override
        long toLong(Object value) {
            return (Long) value;
        }

        @Override
        void writeLong(org.apache.parquet.column.ColumnWriter out, long value) {
            out.write(value, 0, DEFINED);
        }
    }

    private static final class Int32 extends LongValued {
        Int32(Column column) {
            super(column);
        }

        @Override
        void check(Object value) {
            if (!(value instanceof Integer)) {
                throw wrongType(value, "Integer");
            }
        }

        @Override
        long toLong(Object value) {
            return (Integer) value;
        }

        @Override
        void writeLong(org.apache.parquet.column.ColumnWriter out, long value) {
            out.write((int) value, 0, DEFINED);
        }
    }

    private static final class Float64 extends LongValued {
        Float64(Column column) {
            super(column);
        }

        @Override
        void check(Object value) {
            if (!(value instanceof Double)) {
                throw wrongType(value, "Double");
            }
        }

        @Override
        long toLong(Object value) {
            return Double.doubleToRawLongBits((Double) value);
        }

        @Override
        void writeLong(org.apache.parquet.column.ColumnWriter out, long value) {
            out.write(Double.longBitsToDouble(value), 0, DEFINED);
        }
    }

    private static final class Bool extends LongValued {
        Bool(Column column) {
            super(column);
        }

        @Override
        void check(Object value) {
            if (!(value instanceof Boolean)) {
                throw wrongType(value, "Boolean");
            }
        }

        @Override
        long toLong(Object value) {
            return (Boolean) value ? 1 : 0;
        }

        @Override
        void writeLong(org.apache.parquet.column.ColumnWriter out, long value) {
            out.write(value != 0, 0, DEFINED);
        }
    }

    private static final class TimestampMillis extends LongValued {
        TimestampMillis(Column column) {
            super(column);
        }

        @Override
        void check(Object value) {
            if (!(value instanceof Instant instant)) {
                throw wrongType(value, "Instant");
            }
            long seconds = instant.getEpochSecond();
            if (seconds < MIN_EPOCH_SECOND || seconds > MAX_EPOCH_SECOND) {
                throw outOfRange(value);
            }
        }

        @Override
        long toLong(Object value) {
            // Floors before 1970 too (1969-12-31T23:59:59.999Z is -1), as Trino reads it back.
            return ((Instant) value).toEpochMilli();
        }

        @Override
        void writeLong(org.apache.parquet.column.ColumnWriter out, long value) {
            out.write(value, 0, DEFINED);
        }
    }

    private static final class Date extends LongValued {
        Date(Column column) {
            super(column);
        }

        @Override
        void check(Object value) {
            if (!(value instanceof LocalDate date)) {
                throw wrongType(value, "LocalDate");
            }
            int year = date.getYear();
            if (year < MIN_DATE_YEAR || year > MAX_DATE_YEAR) {
                throw outOfRange(value);
            }
        }

        @Override
        long toLong(Object value) {
            return ((LocalDate) value).toEpochDay();
        }

        @Override
        void writeLong(org.apache.parquet.column.ColumnWriter out, long value) {
            out.write(Math.toIntExact(value), 0, DEFINED);
        }
    }

    /** Checks class, scale and digits; the unscaled value then fits the physical type. */
    private static void checkDecimal(ColumnWriter writer, Object value) {
        if (!(value instanceof BigDecimal decimal)) {
            throw writer.wrongType(value, "BigDecimal");
        }
        ColumnType type = writer.column.type();
        if (decimal.scale() != type.scale()) {
            throw new InvalidRowException("column '" + writer.column.name() + "' is " + type + " but the value "
                    + decimal.toPlainString() + " has scale " + decimal.scale() + "; set its scale to " + type.scale()
                    + " before writing (no rounding happens here)");
        }
        if (decimal.precision() > type.precision()) {
            throw new InvalidRowException("column '" + writer.column.name() + "' is " + type + " but the value "
                    + decimal.toPlainString() + " has " + decimal.precision() + " digits, more than " + type.precision());
        }
    }

    /** decimal(p,s) with p <= 9 (INT32) or p <= 18 (INT64): the unscaled value. */
    private static final class DecimalUnscaled extends LongValued {
        private final boolean int32;

        DecimalUnscaled(Column column) {
            super(column);
            this.int32 = column.type().precision() <= 9;
        }

        @Override
        void check(Object value) {
            checkDecimal(this, value);
        }

        @Override
        long toLong(Object value) {
            return UnscaledDecimals.unscaledLong((BigDecimal) value);
        }

        @Override
        void writeLong(org.apache.parquet.column.ColumnWriter out, long value) {
            if (int32) {
                out.write((int) value, 0, DEFINED);
            } else {
                out.write(value, 0, DEFINED);
            }
        }
    }

    /** Big-endian two's complement, sign-extended to the fixed length; spilled as those bytes. */
    private static final class DecimalFixed extends ColumnWriter {
        private final int length;

        DecimalFixed(Column column, int length) {
            super(column);
            this.length = length;
        }

        @Override
        void check(Object value) {
            checkDecimal(this, value);
        }

        /** Puts the fixed-length form at {@code b[p]}. */
        private void fill(BigDecimal value, byte[] b, int p) {
            byte[] minimal = value.unscaledValue().toByteArray();
            int pad = length - minimal.length; // >= 0: check() bounded the digits
            Arrays.fill(b, p, p + pad, minimal[0] < 0 ? (byte) 0xFF : 0);
            System.arraycopy(minimal, 0, b, p + pad, minimal.length);
        }

        @Override
        int spill(Object value, byte[] b, int p) {
            if (p + length > b.length) {
                return -1;
            }
            fill((BigDecimal) value, b, p);
            return p + length;
        }

        @Override
        long spillBound(Object value) {
            return length;
        }

        @Override
        int writeSpilled(org.apache.parquet.column.ColumnWriter out, byte[] b, int p, int end) throws CorruptSpillException {
            if (p + length > end) {
                throw runsPastItsRow();
            }
            out.write(Binary.fromReusedByteArray(b, p, length), 0, DEFINED);
            return p + length;
        }
    }
}
