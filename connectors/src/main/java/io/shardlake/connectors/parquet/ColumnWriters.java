package io.shardlake.connectors.parquet;

import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.Utf8;
import java.math.BigDecimal;
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
            case DECIMAL -> type.precision() <= 9 ? new DecimalInt32(column)
                    : type.precision() <= 18 ? new DecimalInt64(column)
                    : new DecimalFixed(column, ParquetSchemas.decimalBytes(type.precision()));
        };
    }

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
        void write(org.apache.parquet.column.ColumnWriter out, Object value) {
            // Utf8 bytes are immutable by contract, so parquet may keep them without a copy.
            out.write(value instanceof Utf8 utf8
                    ? Binary.fromConstantByteArray(utf8.bytes())
                    : Binary.fromString((String) value), 0, DEFINED);
        }
    }

    private static final class Int64 extends ColumnWriter {
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
        void write(org.apache.parquet.column.ColumnWriter out, Object value) {
            out.write((Long) value, 0, DEFINED);
        }
    }

    private static final class Int32 extends ColumnWriter {
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
        void write(org.apache.parquet.column.ColumnWriter out, Object value) {
            out.write((Integer) value, 0, DEFINED);
        }
    }

    private static final class Float64 extends ColumnWriter {
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
        void write(org.apache.parquet.column.ColumnWriter out, Object value) {
            out.write((Double) value, 0, DEFINED);
        }
    }

    private static final class Bool extends ColumnWriter {
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
        void write(org.apache.parquet.column.ColumnWriter out, Object value) {
            out.write((Boolean) value, 0, DEFINED);
        }
    }

    private static final class TimestampMillis extends ColumnWriter {
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
        void write(org.apache.parquet.column.ColumnWriter out, Object value) {
            // Floors before 1970 too (1969-12-31T23:59:59.999Z is -1), as Trino reads it back.
            out.write(((Instant) value).toEpochMilli(), 0, DEFINED);
        }
    }

    private static final class Date extends ColumnWriter {
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
        void write(org.apache.parquet.column.ColumnWriter out, Object value) {
            out.write(Math.toIntExact(((LocalDate) value).toEpochDay()), 0, DEFINED);
        }
    }

    /** Checks class, scale and digits; the unscaled value then fits the physical type. */
    private abstract static class Decimal extends ColumnWriter {
        final int precision;
        final int scale;

        Decimal(Column column) {
            super(column);
            this.precision = column.type().precision();
            this.scale = column.type().scale();
        }

        @Override
        final void check(Object value) {
            if (!(value instanceof BigDecimal decimal)) {
                throw wrongType(value, "BigDecimal");
            }
            if (decimal.scale() != scale) {
                throw new InvalidRowException("column '" + column.name() + "' is " + column.type() + " but the value "
                        + decimal.toPlainString() + " has scale " + decimal.scale() + "; set its scale to " + scale
                        + " before writing (no rounding happens here)");
            }
            if (decimal.precision() > precision) {
                throw new InvalidRowException("column '" + column.name() + "' is " + column.type() + " but the value "
                        + decimal.toPlainString() + " has " + decimal.precision() + " digits, more than " + precision);
            }
        }
    }

    private static final class DecimalInt32 extends Decimal {
        DecimalInt32(Column column) {
            super(column);
        }

        @Override
        void write(org.apache.parquet.column.ColumnWriter out, Object value) {
            out.write((int) UnscaledDecimals.unscaledLong((BigDecimal) value), 0, DEFINED);
        }
    }

    private static final class DecimalInt64 extends Decimal {
        DecimalInt64(Column column) {
            super(column);
        }

        @Override
        void write(org.apache.parquet.column.ColumnWriter out, Object value) {
            out.write(UnscaledDecimals.unscaledLong((BigDecimal) value), 0, DEFINED);
        }
    }

    /** Big-endian two's complement, sign-extended to the fixed length. */
    private static final class DecimalFixed extends Decimal {
        private final int length;

        DecimalFixed(Column column, int length) {
            super(column);
            this.length = length;
        }

        @Override
        void write(org.apache.parquet.column.ColumnWriter out, Object value) {
            byte[] minimal = ((BigDecimal) value).unscaledValue().toByteArray();
            byte[] fixed = new byte[length];
            int pad = length - minimal.length; // >= 0: check() bounded the digits
            if (minimal[0] < 0) {
                Arrays.fill(fixed, 0, pad, (byte) 0xFF);
            }
            System.arraycopy(minimal, 0, fixed, pad, minimal.length);
            out.write(Binary.fromConstantByteArray(fixed), 0, DEFINED);
        }
    }
}
