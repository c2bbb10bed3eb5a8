package io.shardlake.connectors.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class StandaloneCodecFactoryTest {

    private static byte[] page() {
        return "status=open;amount=12.30;note=héllo 🎉 漢字;".repeat(500).getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(value = CompressionCodecName.class, names = {"SNAPPY", "ZSTD", "UNCOMPRESSED"})
    void a_page_round_trips_through_compressor_and_decompressor(CompressionCodecName codec) throws Exception {
        StandaloneCodecFactory factory = new StandaloneCodecFactory();
        byte[] page = page();

        BytesInputCompressor compressor = factory.getCompressor(codec);
        byte[] compressed = compressor.compress(BytesInput.concat(BytesInput.from(page, 0, 100),
                BytesInput.from(page, 100, page.length - 100))).toByteArray();
        byte[] restored = factory.getDecompressor(codec).decompress(BytesInput.from(compressed), page.length).toByteArray();

        assertThat(compressor.getCodecName()).isEqualTo(codec);
        assertThat(restored).isEqualTo(page);
        if (codec != CompressionCodecName.UNCOMPRESSED) {
            assertThat(compressed.length).isLessThan(page.length / 10);
        }
        factory.release();
    }

    @ParameterizedTest
    @EnumSource(value = CompressionCodecName.class, names = {"SNAPPY", "ZSTD", "UNCOMPRESSED"})
    void the_byte_buffer_decompression_fills_the_output(CompressionCodecName codec) throws Exception {
        StandaloneCodecFactory factory = new StandaloneCodecFactory();
        byte[] page = page();
        byte[] compressed = factory.getCompressor(codec).compress(BytesInput.from(page)).toByteArray();
        ByteBuffer output = ByteBuffer.allocate(page.length);

        factory.getDecompressor(codec).decompress(ByteBuffer.wrap(compressed), compressed.length, output, page.length);

        assertThat(output.position()).isEqualTo(page.length);
        assertThat(output.array()).isEqualTo(page);
        factory.release();
    }

    @Test
    void a_compressor_is_reused_across_pages_of_different_sizes() throws Exception {
        StandaloneCodecFactory factory = new StandaloneCodecFactory();
        BytesInputCompressor compressor = factory.getCompressor(CompressionCodecName.ZSTD);
        byte[] big = page();
        byte[] small = "tiny".getBytes(StandardCharsets.UTF_8);

        byte[] first = compressor.compress(BytesInput.from(big)).toByteArray();
        byte[] second = compressor.compress(BytesInput.from(small)).toByteArray();

        assertThat(factory.getCompressor(CompressionCodecName.ZSTD)).isSameAs(compressor);
        assertThat(factory.getDecompressor(CompressionCodecName.ZSTD).decompress(BytesInput.from(first), big.length)
                .toByteArray()).isEqualTo(big);
        assertThat(factory.getDecompressor(CompressionCodecName.ZSTD).decompress(BytesInput.from(second), small.length)
                .toByteArray()).isEqualTo(small);
        factory.release();
    }

    @Test
    void codecs_that_would_need_hadoop_are_refused() {
        StandaloneCodecFactory factory = new StandaloneCodecFactory();

        assertThatThrownBy(() -> factory.getCompressor(CompressionCodecName.GZIP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GZIP")
                .hasMessageContaining("snappy, zstd, uncompressed");
    }

    @Test
    void the_non_releasing_view_leaves_the_shared_compressors_alive() throws Exception {
        StandaloneCodecFactory factory = new StandaloneCodecFactory();
        CompressionCodecFactory view = factory.nonReleasing();
        BytesInputCompressor compressor = view.getCompressor(CompressionCodecName.SNAPPY);

        view.release();

        assertThat(factory.getCompressor(CompressionCodecName.SNAPPY)).isSameAs(compressor);
        assertThat(compressor.compress(BytesInput.from(page())).size()).isPositive();
        factory.release();
    }
}
