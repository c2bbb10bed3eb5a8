package io.shardlake.engine.lake;

import java.util.Arrays;
import java.util.List;

/**
 * The keys of one shard whose newest version in the lake is not a tombstone, sorted: the lake side
 * of a reconciliation. Immutable; {@link #apply} returns the set after some tasks' writes.
 */
public final class LiveKeys {

    private static final LiveKeys EMPTY = new LiveKeys(new long[0]);

    private final long[] keys;

    private LiveKeys(long[] sortedDistinct) {
        this.keys = sortedDistinct;
    }

    public static LiveKeys empty() {
        return EMPTY;
    }

    /** @param keys any order, duplicates allowed */
    public static LiveKeys of(long... keys) {
        long[] copy = keys.clone();
        Arrays.sort(copy);
        int n = 0;
        for (int i = 0; i < copy.length; i++) {
            if (i == 0 || copy[i] != copy[i - 1]) {
                copy[n++] = copy[i];
            }
        }
        return new LiveKeys(Arrays.copyOf(copy, n));
    }

    public int size() {
        return keys.length;
    }

    public long get(int index) {
        return keys[index];
    }

    public boolean contains(long key) {
        return Arrays.binarySearch(keys, key) >= 0;
    }

    /** The index of the first key at or above {@code key} (the size when none is). */
    public int indexAtOrAbove(long key) {
        int i = Arrays.binarySearch(keys, key);
        return i >= 0 ? i : -i - 1;
    }

    /** This set after {@code changes} (each key's last change wins: a tombstone removes it, a live version adds it). */
    public LiveKeys apply(Changes changes) {
        long[] changed = changes.finish();
        if (changed.length == 0) {
            return this;
        }
        long[] out = new long[keys.length + changed.length];
        int n = 0;
        int i = 0;
        int j = 0;
        while (i < keys.length || j < changed.length) {
            long c = j < changed.length ? changed[j] >> 1 : Long.MAX_VALUE;
            if (i < keys.length && (j >= changed.length || keys[i] < c)) {
                out[n++] = keys[i++];
                continue;
            }
            if (i < keys.length && keys[i] == c) {
                i++; // replaced by the change
            }
            if ((changed[j] & 1) == 0) {
                out[n++] = c;
            }
            j++;
        }
        return new LiveKeys(Arrays.copyOf(out, n));
    }

    /** Encoded in parts (see {@link KeyDelta}): what the metadata database stores. */
    public List<byte[]> encode() {
        KeyDelta.Builder b = new KeyDelta.Builder();
        for (long k : keys) {
            b.add(k, false);
        }
        return b.parts();
    }

    public static LiveKeys decode(List<byte[]> parts) {
        Changes all = new Changes();
        for (byte[] part : parts) {
            KeyDelta.decode(part, all::add);
        }
        return EMPTY.apply(all);
    }

    /**
     * Changes gathered in the order they happened (from key deltas, oldest task first); the last
     * change of a key is the one that counts.
     */
    public static final class Changes {
        private final java.util.BitSet tombstones = new java.util.BitSet();
        private long[] keys = new long[1024];
        private int size;

        public void add(long key, boolean tombstone) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, keys.length * 2);
            }
            tombstones.set(size, tombstone);
            keys[size++] = key;
        }

        public int size() {
            return size;
        }

        /** Each changed key once, sorted, as {@code key << 1 | tombstone} of its last change. */
        long[] finish() {
            if (size == 0) {
                return new long[0];
            }
            int[] order = new int[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            long[] k = Arrays.copyOf(keys, size);
            PairSort.sort(k, order); // by key, then by position: the order of one key's changes survives
            long[] out = new long[size];
            int n = 0;
            for (int i = 0; i < size; i++) {
                // within one key the positions are ascending after the sort: the last one is the latest change
                if (i + 1 < size && k[i + 1] == k[i]) {
                    continue;
                }
                out[n++] = (k[i] << 1) | (tombstones.get(order[i]) ? 1 : 0);
            }
            return Arrays.copyOf(out, n);
        }
    }
}
