package io.shardlake.connectors.parquet;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.parquet.bytes.ByteBufferAllocator;

/**
 * Rows bound for one open file, held in their spilled form ({@link RowWriters#spill}) until a run
 * of up to {@link #MAX_RUN_BYTES} has gathered, then written to the file in one run
 * ({@link RowWriters#writeSpilled}). Rows read in primary-key order arrive spread over every
 * partition; written to their files one by one they switch between files' column writers, whose
 * state then has left the CPU caches: in a profile of a full load such a row cost about 2.5 times
 * the CPU of a row written in a run (the rows in 4 that did not spill took 15% of the load's CPU).
 * Single-threaded.
 *
 * <p>Its buffer comes from the writer's {@link RecyclingBufferAllocator} and goes back to it on
 * {@link #release}: files open and close all through a full load, and a new buffer per file was
 * copied by the young collections it lived through like parquet-java's page buffers.
 */
final class RowBatch {

    /** Bytes gathered before a run at most: ~700 rows of 350 bytes; with {@link #LAST_ROW_ROOM}, 8 open files hold 2.5 MiB. */
    static final int MAX_RUN_BYTES = 256 * 1024;
    /**
     * Room past the run's size for the row that completes it, so that row fits without growing the
     * buffer: growing (a copy to twice the size) then shrinking on every run allocated three times
     * the held bytes.
     */
    static final int LAST_ROW_ROOM = 64 * 1024;

    private final ByteBufferAllocator allocator;
    private final int runBytes;
    private final int capacity;
    private ByteBuffer lease;
    private byte[] buffer;
    private int[] ends = new int[256];
    private int rows;

    /**
     * @param targetFileBytes the file's target size: a run is at most a quarter of it, so that a
     *                        file passes its target by little (its size is checked after a run)
     */
    RowBatch(long targetFileBytes, ByteBufferAllocator allocator) {
        this.allocator = allocator;
        this.runBytes = (int) Math.max(1, Math.min(MAX_RUN_BYTES, targetFileBytes / 4));
        this.capacity = runBytes + LAST_ROW_ROOM;
        lease(capacity);
    }

    private void lease(int bytes) {
        lease = allocator.allocate(bytes);
        buffer = lease.array();
    }

    /** Adds a row that passed {@link RowWriters#check}; true once the batch should be written. */
    boolean add(RowWriters writers, Object[] row) {
        int start = bytes();
        int end = writers.spill(row, buffer, start);
        if (end < 0) {
            long bound = start + writers.spillBound(row);
            if (bound > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("a row of " + (bound - start) + " bytes cannot be written");
            }
            ByteBuffer old = lease;
            lease((int) Math.max(bound, 2L * buffer.length));
            System.arraycopy(old.array(), 0, buffer, 0, start);
            allocator.release(old);
            end = writers.spill(row, buffer, start);
        }
        if (rows == ends.length) {
            ends = Arrays.copyOf(ends, 2 * rows);
        }
        ends[rows++] = end;
        return end >= runBytes;
    }

    int rows() {
        return rows;
    }

    /** Bytes the held rows take. */
    int bytes() {
        return rows == 0 ? 0 : ends[rows - 1];
    }

    byte[] buffer() {
        return buffer;
    }

    /** Where row {@code i} starts in {@link #buffer()}. */
    int start(int i) {
        return i == 0 ? 0 : ends[i - 1];
    }

    /** Where row {@code i} ends in {@link #buffer()}. */
    int end(int i) {
        return ends[i];
    }

    /** Forgets the held rows; a buffer grown for a large row goes back to the usual size. */
    void clear() {
        rows = 0;
        if (buffer.length > capacity) {
            allocator.release(lease);
            lease(capacity);
        }
    }

    /** Gives the buffer back to the allocator; the batch is not used afterwards. */
    void release() {
        rows = 0;
        if (lease != null) {
            allocator.release(lease);
            lease = null;
            buffer = null;
        }
    }
}
