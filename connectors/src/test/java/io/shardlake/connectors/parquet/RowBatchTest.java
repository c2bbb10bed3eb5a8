package io.shardlake.connectors.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import io.shardlake.transforms.schema.Utf8;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowBatchTest {

    private static final RowSchema SCHEMA = new RowSchema(List.of(new Column("id", ColumnType.BIGINT),
            new Column("text", ColumnType.STRING)));
    private static final RowWriters WRITERS = new RowWriters(SCHEMA);
    /** Target size of a file whose runs are 4 KiB. */
    private static final long TARGET = 16 * 1024;

    private static Object[] row(long id, int textBytes) {
        byte[] text = new byte[textBytes];
        Arrays.fill(text, (byte) 'x');
        return new Object[] {id, Utf8.wrap(text)};
    }

    /** Bytes a row of {@link #row} takes spilled: two tags, eight bytes, a length and the text. */
    private static int spilled(int textBytes) {
        return 2 + 8 + 4 + textBytes;
    }

    @Test
    void aRunIsCompleteOnceItsRowsReachTheRunSizeAndTheRowThatCompletesItFitsWithoutGrowing() {
        RecyclingBufferAllocator allocator = new RecyclingBufferAllocator(1 << 20);
        RowBatch batch = new RowBatch(TARGET, allocator);
        byte[] buffer = batch.buffer();
        int rows = 0;
        while (!batch.add(WRITERS, row(rows, 986))) {
            rows++;
        }
        rows++;
        assertThat(rows).isEqualTo(5); // 4 rows of 1,000 bytes stay under 4 KiB, the fifth completes the run
        assertThat(batch.bytes()).isEqualTo(5 * spilled(986));
        assertThat(batch.buffer()).as("no growing for the row that completes a run").isSameAs(buffer);
        assertThat(batch.start(1)).isEqualTo(spilled(986));
        assertThat(batch.end(4)).isEqualTo(batch.bytes());
    }

    @Test
    void aRowLargerThanTheBufferGrowsItKeepingTheRowsHeldAndClearGoesBackToTheUsualSize() {
        RecyclingBufferAllocator allocator = new RecyclingBufferAllocator(1 << 20);
        RowBatch batch = new RowBatch(TARGET, allocator);
        int usual = batch.buffer().length;
        batch.add(WRITERS, row(1, 10));
        byte[] first = Arrays.copyOf(batch.buffer(), batch.bytes());

        assertThat(batch.add(WRITERS, row(2, 2 * usual))).isTrue();
        assertThat(batch.buffer().length).isGreaterThan(2 * usual);
        assertThat(Arrays.copyOf(batch.buffer(), first.length)).as("the row held before is kept").isEqualTo(first);
        assertThat(allocator.pooledBytes()).as("the usual buffer went back").isEqualTo(usual);

        batch.clear();
        assertThat(batch.rows()).isZero();
        assertThat(batch.buffer().length).isEqualTo(usual);
        assertThat(allocator.pooledBytes()).as("the grown buffer went back, the usual one came out").isGreaterThan(2L * usual);
    }

    @Test
    void releaseGivesTheBufferBackForTheNextFile() {
        RecyclingBufferAllocator allocator = new RecyclingBufferAllocator(1 << 20);
        RowBatch batch = new RowBatch(TARGET, allocator);
        byte[] buffer = batch.buffer();
        batch.add(WRITERS, row(1, 10));
        batch.release();
        batch.release(); // twice is harmless
        assertThat(allocator.pooledBytes()).isEqualTo(buffer.length);
        assertThat(new RowBatch(TARGET, allocator).buffer()).isSameAs(buffer);
    }
}
