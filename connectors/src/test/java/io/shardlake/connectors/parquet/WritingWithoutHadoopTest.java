package io.shardlake.connectors.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import io.shardlake.transforms.schema.Utf8;
import java.io.File;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Surefire runs this module's tests with hadoop-client-api removed from the class path (see
 * connectors/pom.xml). These tests check that really no Hadoop class is reachable, and that
 * writing with every codec still works.
 */
class WritingWithoutHadoopTest {

    @TempDir
    Path dir;

    @Test
    void no_hadoop_class_is_on_the_test_class_path() throws Exception {
        assertThatThrownBy(() -> Class.forName("org.apache.hadoop.conf.Configuration"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("org.apache.hadoop.fs.Path"))
                .isInstanceOf(ClassNotFoundException.class);

        List<String> jarsWithHadoop = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(".jar")) {
                try (JarFile jar = new JarFile(entry)) {
                    if (jar.stream().anyMatch(e -> e.getName().startsWith("org/apache/hadoop/"))) {
                        jarsWithHadoop.add(entry);
                    }
                }
            }
        }
        assertThat(jarsWithHadoop).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void every_codec_writes_a_readable_file_without_hadoop(Compression compression) throws Exception {
        RowSchema schema = new RowSchema(List.of(new Column("id", ColumnType.BIGINT),
                new Column("note", ColumnType.STRING), new Column("amount", ColumnType.decimal(38, 10)),
                new Column("at", ColumnType.TIMESTAMP)));
        Path table = dir.resolve("t");
        try (PartitionedParquetWriter writer = new PartitionedParquetWriter(schema,
                ParquetOptions.defaults().withCompression(compression), table, "w")) {
            for (long i = 0; i < 1000; i++) {
                writer.write("dt=2026-11-23", new Object[] {i, Utf8.of("n" + (i % 7)),
                        BigDecimal.valueOf(i, 10), Instant.ofEpochMilli(i)});
            }
            writer.finish();
        }

        assertThat(DuckDbLake.count(dir, "t")).isEqualTo(1000);
    }
}
