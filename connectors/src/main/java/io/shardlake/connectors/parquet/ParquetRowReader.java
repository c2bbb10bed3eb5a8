package io.shardlake.connectors.parquet;

import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads the rows of a local Parquet file written for a {@link RowSchema} back as {@code Object[]},
 * with the Java types the project's writer takes (String for string and json, Long, Integer,
 * Double, Boolean, Instant, LocalDate, BigDecimal of the column's scale; null for a missing value).
 *
 * <p>Goes through parquet-java's low-level file reader with our own codec factory
 * ({@link StandaloneReadOptions}), so, like writing, it needs no Hadoop classes at run time. The file's columns must
 * be exactly the schema's (names, order, Parquet types, see {@link ParquetSchemas}); anything else
 * is refused before a row is read, naming the file and the first column that differs.
 *
 * <p>The lake's general file reader: the Redshift sink stages rows with it, compaction rewrites
 * small files with it.
 */
public final class ParquetRowReader {

    /** Receives each row; the array is fresh per row. */
    @FunctionalInterface
    public interface RowConsumer {
        void accept(Object[] row) throws Exception;
    }

    private final RowSchema schema;
    private final MessageType expected;

    public ParquetRowReader(RowSchema schema) {
        this.schema = schema;
        this.expected = ParquetSchemas.messageType(schema);
    }

    /** Reads every row of {@code file} in order; returns the number of rows. */
    public long read(Path file, RowConsumer consumer) throws Exception {
        StandaloneCodecFactory codecs = new StandaloneCodecFactory();
        ParquetReadOptions options = StandaloneReadOptions.create(codecs);
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options)) {
            MessageType actual = reader.getFooter().getFileMetaData().getSchema();
            requireSameColumns(file, actual);
            MessageColumnIO columnIo = new ColumnIOFactory().getColumnIO(expected);
            long rows = 0;
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Object[]> records = columnIo.getRecordReader(pages, new RowMaterializer(), FilterCompat.NOOP);
                for (long i = 0, n = pages.getRowCount(); i < n; i++) {
                    consumer.accept(records.read());
                    rows++;
                }
            }
            return rows;
        } finally {
            codecs.release();
        }
    }

    /**
     * Whether {@code file}'s columns are exactly the schema's (reads only the footer): a file
     * written before a column was added is not, and {@link #read} would refuse it.
     */
    public boolean hasSameColumns(Path file) throws IOException {
        StandaloneCodecFactory codecs = new StandaloneCodecFactory();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), StandaloneReadOptions.create(codecs))) {
            return expected.getFields().equals(reader.getFooter().getFileMetaData().getSchema().getFields());
        } finally {
            codecs.release();
        }
    }

    private void requireSameColumns(Path file, MessageType actual) {
        List<Type> want = expected.getFields();
        List<Type> have = actual.getFields();
        for (int i = 0; i < Math.max(want.size(), have.size()); i++) {
            Type w = i < want.size() ? want.get(i) : null;
            Type h = i < have.size() ? have.get(i) : null;
            if (w == null || !w.equals(h)) {
                throw new IllegalArgumentException("Parquet file " + file.getFileName() + " does not match the schema at column "
                        + (i + 1) + ": the schema has " + describe(w) + ", the file has " + describe(h));
            }
        }
    }

    private static String describe(Type field) {
        return field == null ? "no column" : "'" + field.getName() + "' " + field.toString().trim();
    }

    /** Builds one {@code Object[]} per record, one converter per column. */
    private final class RowMaterializer extends RecordMaterializer<Object[]> {
        private Object[] row;
        private final PrimitiveConverter[] fields = new PrimitiveConverter[schema.size()];
        private final GroupConverter root = new GroupConverter() {
            @Override
            public Converter getConverter(int fieldIndex) {
                return fields[fieldIndex];
            }

            @Override
            public void start() {
                row = new Object[schema.size()];
            }

            @Override
            public void end() {}
        };

        RowMaterializer() {
            for (int i = 0; i < fields.length; i++) {
                fields[i] = converter(i, schema.column(i));
            }
        }

        @Override
        public Object[] getCurrentRecord() {
            return row;
        }

        @Override
        public GroupConverter getRootConverter() {
            return root;
        }

        private PrimitiveConverter converter(int index, Column column) {
            ColumnType type = column.type();
            return switch (type.kind()) {
                case STRING, JSON -> new PrimitiveConverter() {
                    @Override
                    public void addBinary(Binary value) {
                        row[index] = value.toStringUsingUTF8();
                    }
                };
                case BIGINT -> new PrimitiveConverter() {
                    @Override
                    public void addLong(long value) {
                        row[index] = value;
                    }
                };
                case INT -> new PrimitiveConverter() {
                    @Override
                    public void addInt(int value) {
                        row[index] = value;
                    }
                };
                case DOUBLE -> new PrimitiveConverter() {
                    @Override
                    public void addDouble(double value) {
                        row[index] = value;
                    }
                };
                case BOOLEAN -> new PrimitiveConverter() {
                    @Override
                    public void addBoolean(boolean value) {
                        row[index] = value;
                    }
                };
                case TIMESTAMP -> new PrimitiveConverter() {
                    @Override
                    public void addLong(long value) {
                        row[index] = Instant.ofEpochMilli(value);
                    }
                };
                case DATE -> new PrimitiveConverter() {
                    @Override
                    public void addInt(int value) {
                        row[index] = LocalDate.ofEpochDay(value);
                    }
                };
                case DECIMAL -> new PrimitiveConverter() {
                    @Override
                    public void addInt(int value) {
                        row[index] = BigDecimal.valueOf(value, type.scale());
                    }

                    @Override
                    public void addLong(long value) {
                        row[index] = BigDecimal.valueOf(value, type.scale());
                    }

                    @Override
                    public void addBinary(Binary value) {
                        row[index] = new BigDecimal(new BigInteger(value.getBytes()), type.scale());
                    }
                };
            };
        }
    }
}
