package io.shardlake.connectors.parquet;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.bytes.ByteBufferAllocator;

/**
 * Heap buffers for parquet-java's page and column-chunk buffers that are handed out again once
 * released. A file's pages and compressed chunks live until the file's row group is written, long
 * enough to survive young collections: freshly allocated, each such buffer was copied by the
 * collector once or twice on its way to the old generation (in a 5M-row full load, ~8 GB copied,
 * most of it these buffers). Recycled buffers are already old and are not copied again.
 *
 * <p>Buffers come in size classes of a quarter of a power of two (at most ~19% unused), so that
 * varying page sizes still meet a released buffer; a buffer's limit is the size asked for.
 * Released buffers are kept up to {@code maxPooledBytes}, the least recently released given up to
 * the collector first (so sizes no longer asked for do not crowd out those still in use). One
 * instance serves one writer thread.
 */
final class RecyclingBufferAllocator implements ByteBufferAllocator {

    private static final int MIN_CLASS = 1024;

    private final long maxPooledBytes;
    private final Map<Integer, ArrayDeque<ByteBuffer>> free = new HashMap<>();
    /** Buffers now in the pool, by identity (a ByteBuffer's equals compares contents). */
    private final Set<ByteBuffer> pooled = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The same buffers, least recently released first. Deques are searched by identity ({@link #removeSame}). */
    private final ArrayDeque<ByteBuffer> released = new ArrayDeque<>();
    private long pooledBytes;

    RecyclingBufferAllocator(long maxPooledBytes) {
        this.maxPooledBytes = maxPooledBytes;
    }

    @Override
    public ByteBuffer allocate(int size) {
        int capacity = sizeClass(size);
        ArrayDeque<ByteBuffer> buffers = free.get(capacity);
        ByteBuffer buffer = buffers == null ? null : buffers.poll();
        if (buffer == null) {
            buffer = ByteBuffer.allocate(capacity);
        } else {
            pooled.remove(buffer);
            removeSame(released, buffer);
            pooledBytes -= capacity;
        }
        buffer.clear().limit(size);
        return buffer;
    }

    @Override
    public void release(ByteBuffer buffer) {
        int capacity = buffer.capacity();
        if (buffer.isDirect() || capacity != sizeClass(capacity) || capacity > maxPooledBytes || pooled.contains(buffer)) {
            return; // not one of ours, too large, or released twice: the collector takes it
        }
        while (pooledBytes + capacity > maxPooledBytes) {
            ByteBuffer oldest = released.pollFirst();
            pooled.remove(oldest);
            removeSame(free.get(oldest.capacity()), oldest);
            pooledBytes -= oldest.capacity();
        }
        pooled.add(buffer);
        released.addLast(buffer);
        free.computeIfAbsent(capacity, c -> new ArrayDeque<>()).push(buffer);
        pooledBytes += capacity;
    }

    @Override
    public boolean isDirect() {
        return false;
    }

    /**
     * Removes {@code buffer} itself from {@code deque}: a deque's own remove compares with
     * {@code equals}, which for byte buffers compares their remaining bytes, so two released
     * buffers both read to their limit are "equal" and the wrong one would go.
     */
    private static void removeSame(ArrayDeque<ByteBuffer> deque, ByteBuffer buffer) {
        for (Iterator<ByteBuffer> it = deque.descendingIterator(); it.hasNext(); ) {
            if (it.next() == buffer) {
                it.remove();
                return;
            }
        }
    }

    /** Bytes of the buffers waiting to be handed out again. */
    long pooledBytes() {
        return pooledBytes;
    }

    /** The capacity handed out for {@code size}: the next quarter step of a power of two. */
    static int sizeClass(int size) {
        if (size <= MIN_CLASS) {
            return MIN_CLASS;
        }
        int power = Integer.highestOneBit(size - 1); // size - 1 in [power, 2 * power)
        int step = power / 4;
        long capacity = power + (long) ((size - 1 - power) / step + 1) * step;
        return capacity > Integer.MAX_VALUE - 8 ? size : (int) capacity;
    }
}
