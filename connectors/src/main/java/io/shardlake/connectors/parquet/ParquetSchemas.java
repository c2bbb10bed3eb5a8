package io.shardlake.connectors.parquet;

import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BOOLEAN;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import java.math.BigInteger;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The Parquet schema of a {@link RowSchema}. Every column is OPTIONAL and maps to the one
 * Parquet type Athena/Trino reads back exactly:
 * <ul>
 *   <li>string, json: BINARY annotated STRING (JSON stays text so Athena sees {@code string})</li>
 *   <li>bigint: INT64; int: INT32; double: DOUBLE; boolean: BOOLEAN</li>
 *   <li>timestamp: INT64 TIMESTAMP(MILLIS, isAdjustedToUTC=true). Never INT96 (deprecated) and never
 *       micros or nanos, which Trino rounds to milliseconds (23:59:59.9999 would read as the next day).</li>
 *   <li>date: INT32 DATE</li>
 *   <li>decimal(p,s): DECIMAL(p,s) on INT32 when p &le; 9, INT64 when p &le; 18, otherwise
 *       FIXED_LEN_BYTE_ARRAY of the fewest bytes that hold p digits ({@link #decimalBytes(int)}).</li>
 * </ul>
 */
public final class ParquetSchemas {

    /** Name of the root message; readers ignore it. */
    public static final String MESSAGE_NAME = "row";

    private ParquetSchemas() {}

    public static MessageType messageType(RowSchema schema) {
        Types.MessageTypeBuilder builder = Types.buildMessage();
        for (Column column : schema.columns()) {
            builder.addField(field(column));
        }
        return builder.named(MESSAGE_NAME);
    }

    static Type field(Column column) {
        ColumnType type = column.type();
        return switch (type.kind()) {
            case STRING, JSON -> Types.optional(BINARY).as(LogicalTypeAnnotation.stringType()).named(column.name());
            case BIGINT -> Types.optional(INT64).named(column.name());
            case INT -> Types.optional(INT32).named(column.name());
            case DOUBLE -> Types.optional(DOUBLE).named(column.name());
            case BOOLEAN -> Types.optional(BOOLEAN).named(column.name());
            case TIMESTAMP -> Types.optional(INT64)
                    .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MILLIS))
                    .named(column.name());
            case DATE -> Types.optional(INT32).as(LogicalTypeAnnotation.dateType()).named(column.name());
            case DECIMAL -> decimal(column.name(), type.precision(), type.scale());
        };
    }

    private static Type decimal(String name, int precision, int scale) {
        LogicalTypeAnnotation annotation = LogicalTypeAnnotation.decimalType(scale, precision);
        if (precision <= 9) {
            return Types.optional(INT32).as(annotation).named(name);
        }
        if (precision <= 18) {
            return Types.optional(INT64).as(annotation).named(name);
        }
        return Types.optional(FIXED_LEN_BYTE_ARRAY).length(decimalBytes(precision)).as(annotation).named(name);
    }

    /**
     * Fewest bytes whose two's complement holds every unscaled value of {@code precision} digits,
     * i.e. the smallest n with 2^(8n-1) &ge; 10^precision (9 for 19..21 digits, 16 for 38).
     */
    public static int decimalBytes(int precision) {
        BigInteger limit = BigInteger.TEN.pow(precision);
        int n = 1;
        while (BigInteger.ONE.shiftLeft(8 * n - 1).compareTo(limit) < 0) {
            n++;
        }
        return n;
    }
}
