package io.shardlake.connectors.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RecyclingBufferAllocatorTest {

    @Test
    void sizeClassesAreQuarterStepsOfPowersOfTwo() {
        assertThat(RecyclingBufferAllocator.sizeClass(1)).isEqualTo(1024);
        assertThat(RecyclingBufferAllocator.sizeClass(1024)).isEqualTo(1024);
        assertThat(RecyclingBufferAllocator.sizeClass(1025)).isEqualTo(1280);
        assertThat(RecyclingBufferAllocator.sizeClass(1280)).isEqualTo(1280);
        assertThat(RecyclingBufferAllocator.sizeClass(1281)).isEqualTo(1536);
        assertThat(RecyclingBufferAllocator.sizeClass(2048)).isEqualTo(2048);
        assertThat(RecyclingBufferAllocator.sizeClass(2049)).isEqualTo(2560);
        assertThat(RecyclingBufferAllocator.sizeClass(327_680)).isEqualTo(327_680);
        for (int size = 1; size < 1 << 22; size += 997) {
            int capacity = RecyclingBufferAllocator.sizeClass(size);
            assertThat(capacity).isGreaterThanOrEqualTo(size).isLessThanOrEqualTo(Math.max(1024, (int) (size * 1.25) + 1));
            assertThat(RecyclingBufferAllocator.sizeClass(capacity)).as("a class is its own class").isEqualTo(capacity);
        }
    }

    @Test
    void aReleasedBufferIsHandedOutAgainForASizeOfItsClassWithTheSizeAsItsLimitAndNothingWritten() {
        RecyclingBufferAllocator allocator = new RecyclingBufferAllocator(1 << 20);
        ByteBuffer first = allocator.allocate(5000);
        assertThat(first.position()).isZero();
        assertThat(first.limit()).isEqualTo(5000);
        assertThat(first.hasArray()).isTrue();
        first.put(new byte[100]).flip();
        allocator.release(first);
        assertThat(allocator.pooledBytes()).isEqualTo(first.capacity());

        ByteBuffer again = allocator.allocate(4900);
        assertThat(again).isSameAs(first);
        assertThat(again.position()).isZero();
        assertThat(again.limit()).isEqualTo(4900);
        assertThat(allocator.pooledBytes()).isZero();
        assertThat(allocator.allocate(4900)).as("the pool is empty again").isNotSameAs(first);
    }

    @Test
    void aBufferReleasedTwiceIsHandedOutOnce() {
        RecyclingBufferAllocator allocator = new RecyclingBufferAllocator(1 << 20);
        ByteBuffer buffer = allocator.allocate(3000);
        allocator.release(buffer);
        allocator.release(buffer);
        assertThat(allocator.pooledBytes()).isEqualTo(buffer.capacity());
        assertThat(allocator.allocate(3000)).isSameAs(buffer);
        assertThat(allocator.allocate(3000)).isNotSameAs(buffer);
    }

    /**
     * Buffers are told apart by identity: released after being read to their limit, as parquet-java
     * leaves them, every buffer has no remaining bytes and so {@code equals} every other one.
     */
    @Test
    void whatThePoolCountsIsWhatItHandsBackAndNoBufferInUseIsHandedOut() {
        long max = 64 * 1024;
        RecyclingBufferAllocator allocator = new RecyclingBufferAllocator(max);
        java.util.Random random = new java.util.Random(8);
        java.util.Set<ByteBuffer> inUse = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.List<ByteBuffer> held = new java.util.ArrayList<>();
        for (int step = 0; step < 5_000; step++) {
            if (held.isEmpty() || random.nextBoolean()) {
                ByteBuffer b = allocator.allocate(500 + random.nextInt(12_000));
                assertThat(inUse.add(b)).as("handed out while in use").isTrue();
                held.add(b);
            } else {
                ByteBuffer b = held.remove(random.nextInt(held.size()));
                inUse.remove(b);
                b.position(b.limit()); // read to its end
                allocator.release(b);
            }
            assertThat(allocator.pooledBytes()).isBetween(0L, max);
        }
        held.forEach(allocator::release);
        long counted = allocator.pooledBytes();
        long handedBack = 0;
        java.util.Set<ByteBuffer> drained = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int size = 16_384; size > 0; size -= 1) {
            int capacity = RecyclingBufferAllocator.sizeClass(size);
            if (capacity != size && size > 1024) {
                continue; // one request per class
            }
            while (true) {
                long before = allocator.pooledBytes();
                ByteBuffer b = allocator.allocate(size);
                if (allocator.pooledBytes() == before) {
                    break; // a fresh one: the class is empty
                }
                assertThat(drained.add(b)).isTrue();
                handedBack += b.capacity();
            }
        }
        assertThat(handedBack).isEqualTo(counted);
        assertThat(allocator.pooledBytes()).isZero();
    }

    @Test
    void buffersItDidNotHandOutAreLeftToTheCollector() {
        RecyclingBufferAllocator allocator = new RecyclingBufferAllocator(1 << 20);
        allocator.release(ByteBuffer.allocate(1000)); // not a size class
        allocator.release(ByteBuffer.allocateDirect(1024));
        assertThat(allocator.pooledBytes()).isZero();
    }

    @Test
    void whenFullTheLeastRecentlyReleasedBuffersMakeRoom() {
        RecyclingBufferAllocator allocator = new RecyclingBufferAllocator(3 * 1024);
        ByteBuffer a = allocator.allocate(1024);
        ByteBuffer b = allocator.allocate(1024);
        ByteBuffer c = allocator.allocate(2048);
        allocator.release(a);
        allocator.release(b);
        allocator.release(c); // room for it: a goes
        assertThat(allocator.pooledBytes()).isEqualTo(3 * 1024);
        assertThat(allocator.allocate(2048)).isSameAs(c);
        assertThat(allocator.allocate(1024)).isSameAs(b);
        assertThat(allocator.allocate(1024)).isNotSameAs(a);
        allocator.release(ByteBuffer.allocate(4096)); // larger than the whole pool
        assertThat(allocator.pooledBytes()).isZero();
    }
}
