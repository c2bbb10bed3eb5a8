package io.shardlake.connectors.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class S3SettingsTest {

    @Test
    void prefixLosesLeadingAndTrailingSlashes() {
        assertThat(S3Settings.of("lake", "/warehouse/raw/", "eu-west-1").prefix()).isEqualTo("warehouse/raw");
        assertThat(S3Settings.of("lake", null, "eu-west-1").prefix()).isEmpty();
        assertThat(S3Settings.of("lake", "/", "eu-west-1").prefix()).isEmpty();
    }

    @Test
    void objectKeyJoinsPrefixAndKeyWithOneSlash() {
        assertThat(S3Settings.of("lake", "warehouse/", null).objectKey("orders/a.parquet"))
                .isEqualTo("warehouse/orders/a.parquet");
        assertThat(S3Settings.of("lake", "", null).objectKey("orders/a.parquet")).isEqualTo("orders/a.parquet");
    }

    @Test
    void prefixWithEmptyOrDotDotSegmentsIsRefused() {
        assertThatThrownBy(() -> S3Settings.of("lake", "a//b", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> S3Settings.of("lake", "a/../b", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void partSizeDefaultsTo16MiBAndMustBeAtLeast5MiB() {
        assertThat(S3Settings.of("lake", "", null).partSizeBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(new S3Settings("lake", "", null, null, false, 0).partSizeBytes()).isEqualTo(16L * 1024 * 1024);
        assertThatThrownBy(() -> new S3Settings("lake", "", null, null, false, 5L * 1024 * 1024 - 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 MiB");
    }

    @Test
    void bucketIsRequiredAndBlankRegionMeansTheDefaultChain() {
        assertThatThrownBy(() -> S3Settings.of(" ", "", null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(S3Settings.of("lake", "", " ").region()).isNull();
    }
}
