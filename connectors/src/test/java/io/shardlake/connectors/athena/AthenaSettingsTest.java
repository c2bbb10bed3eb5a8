package io.shardlake.connectors.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.connectors.athena.AthenaSettings.PartitionRegistration;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AthenaSettingsTest {

    @Test
    void defaultsArePrimaryWorkgroupGlueCatalogCatalogPartitionsAndHalfSecondPolls() {
        AthenaSettings settings = AthenaSettings.of("eu-west-1", "shardlake", "s3://results/athena");

        assertThat(settings.workgroup()).isEqualTo("primary");
        assertThat(settings.catalog()).isEqualTo("AwsDataCatalog");
        assertThat(settings.partitions()).isEqualTo(PartitionRegistration.CATALOG);
        assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.queryTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.outputLocation()).isEqualTo("s3://results/athena/");
    }

    @Test
    void theOutputLocationMayBeLeftToTheWorkgroupButMustBeS3WhenGiven() {
        assertThat(AthenaSettings.of(null, "shardlake", " ").outputLocation()).isNull();
        assertThatThrownBy(() -> AthenaSettings.of(null, "shardlake", "/tmp/results"))
                .hasMessageStartingWith("shardlake.athena.output-location must be an s3:// folder");
    }

    @Test
    void theDatabaseIsRequiredAndMustBeAnAthenaName() {
        assertThatThrownBy(() -> AthenaSettings.of(null, " ", null))
                .hasMessage("shardlake.athena.database is required, e.g. shardlake_lake");
        assertThatThrownBy(() -> AthenaSettings.of(null, "shard-lake", null))
                .hasMessageStartingWith("shardlake.athena.database 'shard-lake' cannot be an Athena name");
    }

    @Test
    void thePollIntervalMustBePositiveAndShorterThanTheTimeout() {
        AthenaSettings settings = AthenaSettings.of(null, "shardlake", null);
        assertThatThrownBy(() -> settings.withTiming(Duration.ZERO, Duration.ofMinutes(1)))
                .hasMessage("shardlake.athena.poll-interval must be positive, was PT0S");
        assertThatThrownBy(() -> settings.withTiming(Duration.ofSeconds(5), Duration.ofSeconds(5)))
                .hasMessage("shardlake.athena.query-timeout (PT5S) must be longer than shardlake.athena.poll-interval (PT5S)");
    }

    @Test
    void partitionRegistrationParsesEitherCase() {
        assertThat(PartitionRegistration.parse(" Catalog ")).isEqualTo(PartitionRegistration.CATALOG);
        assertThatThrownBy(() -> PartitionRegistration.parse("msck"))
                .hasMessage("shardlake.athena.partitions: unknown value 'msck'; use projection or catalog");
    }
}
