package io.shardlake.connectors.athena;

import io.shardlake.connectors.parquet.ParquetSchemas;
import io.shardlake.transforms.schema.RowSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DateLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.StringLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * The Athena column types of a {@link RowSchema}, read off the Parquet schema the writer uses
 * ({@link ParquetSchemas#messageType}), not off the schema model: the table then declares what the
 * files really hold, and a change to the Parquet mapping either carries over or is refused here,
 * never drifts. Each Parquet type maps to the type Athena's (Trino's) Parquet reader gives it:
 * <ul>
 *   <li>BINARY STRING: {@code string} (so JSON text is a {@code string} too)</li>
 *   <li>INT64: {@code bigint}; INT32: {@code int}; DOUBLE: {@code double}; BOOLEAN: {@code boolean}</li>
 *   <li>INT64 TIMESTAMP(MILLIS): {@code timestamp} (Athena holds milliseconds)</li>
 *   <li>INT32 DATE: {@code date}</li>
 *   <li>DECIMAL(p,s) on any physical type: exactly {@code decimal(p,s)}</li>
 * </ul>
 * Refused, with the column named: unsigned integers (Athena refuses {@code INTEGER(64,false)} as
 * decimal(20,0) and wraps it as bigint: write DECIMAL(20,0) or signed INT64), TIMESTAMP(MICROS|NANOS)
 * (rounded to milliseconds, which can move a row to the next day), INT96, nested and repeated fields.
 */
public final class AthenaTypes {

    private AthenaTypes() {
    }

    /**
     * The Athena columns of {@code schema}, in order, names in lower case.
     *
     * @throws IllegalArgumentException naming the column when a name or type cannot be held by Athena,
     *                                  or when two names differ only in case
     */
    public static List<AthenaColumn> columns(RowSchema schema) {
        MessageType message = ParquetSchemas.messageType(schema);
        List<AthenaColumn> columns = new ArrayList<>(message.getFieldCount());
        Map<String, String> seen = new HashMap<>();
        for (Type field : message.getFields()) {
            String name = AthenaNames.checkName("column", field.getName());
            String clash = seen.putIfAbsent(name, field.getName());
            if (clash != null) {
                throw new IllegalArgumentException("columns '" + clash + "' and '" + field.getName()
                        + "' are the same column in Athena, which folds names to lower case");
            }
            columns.add(new AthenaColumn(name, typeOf(field)));
        }
        return List.copyOf(columns);
    }

    /** The Athena type of one Parquet field. */
    static String typeOf(Type field) {
        if (!field.isPrimitive() || field.isRepetition(Type.Repetition.REPEATED)) {
            throw refused(field, "nested and repeated fields are not written by this project");
        }
        PrimitiveType primitive = field.asPrimitiveType();
        LogicalTypeAnnotation logical = primitive.getLogicalTypeAnnotation();
        if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
            return "decimal(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
        }
        return switch (primitive.getPrimitiveTypeName()) {
            case BINARY -> {
                if (logical instanceof StringLogicalTypeAnnotation) {
                    yield "string";
                }
                yield logical == null ? "binary" : unsupported(field);
            }
            case INT64 -> {
                if (logical == null) {
                    yield "bigint";
                }
                if (logical instanceof TimestampLogicalTypeAnnotation ts) {
                    if (ts.getUnit() != LogicalTypeAnnotation.TimeUnit.MILLIS) {
                        throw refused(field, "Athena rounds TIMESTAMP(" + ts.getUnit() + ") to milliseconds "
                                + "(23:59:59.9999 reads as the next day); write TIMESTAMP(MILLIS)");
                    }
                    yield "timestamp";
                }
                yield integer(field, logical, "bigint");
            }
            case INT32 -> {
                if (logical == null) {
                    yield "int";
                }
                if (logical instanceof DateLogicalTypeAnnotation) {
                    yield "date";
                }
                yield integer(field, logical, "int");
            }
            case DOUBLE -> logical == null ? "double" : unsupported(field);
            case FLOAT -> logical == null ? "float" : unsupported(field);
            case BOOLEAN -> logical == null ? "boolean" : unsupported(field);
            case INT96 -> throw refused(field, "INT96 timestamps are deprecated; write INT64 TIMESTAMP(MILLIS)");
            case FIXED_LEN_BYTE_ARRAY -> unsupported(field);
        };
    }

    private static String integer(Type field, LogicalTypeAnnotation logical, String signedType) {
        if (logical instanceof IntLogicalTypeAnnotation integer) {
            if (!integer.isSigned()) {
                throw refused(field, "Athena cannot read unsigned INTEGER(" + integer.getBitWidth() + ",false) "
                        + "(refused as decimal(20,0), wraps as bigint); write DECIMAL(20,0) or a signed integer");
            }
            return switch (integer.getBitWidth()) {
                case 8 -> "tinyint";
                case 16 -> "smallint";
                default -> signedType;
            };
        }
        return unsupported(field);
    }

    private static String unsupported(Type field) {
        throw refused(field, "no Athena type is known to read it exactly");
    }

    private static IllegalArgumentException refused(Type field, String why) {
        return new IllegalArgumentException("column '" + field.getName() + "' (Parquet " + field + "): " + why);
    }
}
