package io.shardlake.connectors.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

class CompressionTest {

    @Test
    void names_parse_case_insensitively() {
        assertThat(Compression.parse("snappy")).isEqualTo(Compression.SNAPPY);
        assertThat(Compression.parse(" Zstd ")).isEqualTo(Compression.ZSTD);
        assertThat(Compression.parse("UNCOMPRESSED")).isEqualTo(Compression.UNCOMPRESSED);
    }

    @Test
    void snappy_is_the_default() {
        assertThat(Compression.DEFAULT).isEqualTo(Compression.SNAPPY);
        assertThat(ParquetOptions.defaults().compression()).isEqualTo(Compression.SNAPPY);
    }

    @Test
    void an_unknown_name_is_rejected_listing_the_accepted_values() {
        assertThatThrownBy(() -> Compression.parse("gzip"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'gzip'")
                .hasMessageContaining("snappy, zstd, uncompressed");
        assertThatThrownBy(() -> Compression.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void each_value_maps_to_the_parquet_codec_of_the_same_name() {
        assertThat(Compression.SNAPPY.codecName()).isEqualTo(CompressionCodecName.SNAPPY);
        assertThat(Compression.ZSTD.codecName()).isEqualTo(CompressionCodecName.ZSTD);
        assertThat(Compression.UNCOMPRESSED.codecName()).isEqualTo(CompressionCodecName.UNCOMPRESSED);
    }
}
