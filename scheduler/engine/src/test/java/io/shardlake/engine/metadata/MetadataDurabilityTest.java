package io.shardlake.engine.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetadataDurabilityTest {

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:h2:file:./data/metadata/shardlake;AUTO_SERVER=FALSE", "jdbc:h2:./data/x", "jdbc:h2:~/x;WRITE_DELAY=500",
            "jdbc:h2:tcp://metadata:9092/x", "JDBC:H2:FILE:/x;write_delay=10"})
    void anH2DatabaseInFilesWithoutWriteDelayZeroIsRefusedWithTheSettingToAdd(String url) {
        assertThat(MetadataDialect.durabilityProblem(url)).hasValueSatisfying(p -> assertThat(p).contains("WRITE_DELAY=0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:h2:file:./data/metadata/shardlake;AUTO_SERVER=FALSE;WRITE_DELAY=0", "jdbc:h2:file:/x;write_delay=0",
            "jdbc:h2:mem:test", "jdbc:postgresql://db/shardlake", "jdbc:mysql://db/shardlake", ""})
    void durableStoresAndMemoryDatabasesPass(String url) {
        assertThat(MetadataDialect.durabilityProblem(url)).isEmpty();
    }
}
