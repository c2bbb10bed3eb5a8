package io.shardlake.connectors.redshift;

import io.shardlake.connectors.parquet.ParquetRowReader;
import io.shardlake.connectors.objectstore.ObjectStore;
import io.shardlake.transforms.schema.ColumnType;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * BATCHED_INSERT mode: downloads each of the run's files to a temporary file (Parquet needs random
 * access to its footer), reads it with {@link ParquetRowReader} and sends the rows to staging in
 * JDBC batches of {@code batchSize}. Timestamps are bound as UTC wall time ({@link LocalDateTime}),
 * as COPY stores Parquet's UTC-adjusted instants, whatever the JVM's zone.
 */
final class BatchedInsertStagingLoad implements StagingLoad {

    private final ObjectStore lake;
    private final int batchSize;

    BatchedInsertStagingLoad(ObjectStore lake, int batchSize) {
        this.lake = lake;
        this.batchSize = batchSize;
    }

    static String insertSql(String quotedStaging, List<String> columns) {
        return "INSERT INTO " + quotedStaging + " (" + columns.stream().map(RedshiftIdentifiers::quote)
                .collect(Collectors.joining(", ")) + ") VALUES (" + String.join(", ", Collections.nCopies(columns.size(), "?"))
                + ")";
    }

    @Override
    public long load(Connection connection, String quotedStaging, RedshiftTarget target, String runId,
                     List<LakeFile> files) throws Exception {
        ParquetRowReader reader = new ParquetRowReader(target.schema());
        List<ColumnType> types = target.schema().columns().stream().map(c -> c.type()).toList();
        long rows = 0;
        try (PreparedStatement insert = connection.prepareStatement(insertSql(quotedStaging, target.columnNames()))) {
            int[] pending = {0};
            for (LakeFile file : files) {
                Path local = download(file.key());
                try {
                    rows += reader.read(local, row -> {
                        bind(insert, types, row);
                        insert.addBatch();
                        if (++pending[0] == batchSize) {
                            insert.executeBatch();
                            pending[0] = 0;
                        }
                    });
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file.key() + ": " + e.getMessage(), e);
                } finally {
                    Files.deleteIfExists(local);
                }
            }
            if (pending[0] > 0) {
                insert.executeBatch();
            }
        }
        return rows;
    }

    private Path download(String key) throws Exception {
        Path local = Files.createTempFile("redshift-", ".parquet");
        try (InputStream in = lake.open(key)) {
            Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
            return local;
        } catch (Exception e) {
            Files.deleteIfExists(local);
            throw e;
        }
    }

    private static void bind(PreparedStatement insert, List<ColumnType> types, Object[] row) throws SQLException {
        for (int i = 0; i < row.length; i++) {
            int parameter = i + 1;
            Object value = row[i];
            ColumnType type = types.get(i);
            if (value == null) {
                insert.setNull(parameter, sqlType(type));
                continue;
            }
            switch (type.kind()) {
                case STRING, JSON -> insert.setString(parameter, (String) value);
                case BIGINT -> insert.setLong(parameter, (Long) value);
                case INT -> insert.setInt(parameter, (Integer) value);
                case DOUBLE -> insert.setDouble(parameter, (Double) value);
                case BOOLEAN -> insert.setBoolean(parameter, (Boolean) value);
                case TIMESTAMP -> insert.setObject(parameter, LocalDateTime.ofInstant((Instant) value, ZoneOffset.UTC));
                case DATE -> insert.setObject(parameter, (LocalDate) value);
                case DECIMAL -> insert.setBigDecimal(parameter, (BigDecimal) value);
            }
        }
    }

    private static int sqlType(ColumnType type) {
        return switch (type.kind()) {
            case STRING, JSON -> Types.VARCHAR;
            case BIGINT -> Types.BIGINT;
            case INT -> Types.INTEGER;
            case DOUBLE -> Types.DOUBLE;
            case BOOLEAN -> Types.BOOLEAN;
            case TIMESTAMP -> Types.TIMESTAMP;
            case DATE -> Types.DATE;
            case DECIMAL -> Types.DECIMAL;
        };
    }
}
