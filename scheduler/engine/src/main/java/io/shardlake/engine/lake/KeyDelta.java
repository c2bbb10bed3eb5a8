package io.shardlake.engine.lake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The keys one shard task wrote to the lake, in the order written, each marked live or tombstone:
 * what the reconciliation's key index needs to follow the lake without reading its files. Encoded
 * compactly: each entry is one varint of the zigzagged difference to the previous key, shifted left
 * once to carry the tombstone bit, and the whole part deflated; keys read in primary-key order (a
 * first load, a reload) cost about a byte per thousand keys.
 *
 * <p>Keys are whole numbers within {@code ±2^61} (a difference must fit 62 bits); the builder
 * refuses others, which a single-column integer primary key never holds in practice.
 */
public final class KeyDelta {

    /** Entries per encoded part: keeps each stored part around a megabyte even for keys in random order. */
    public static final int PART_ENTRIES = 1 << 18;
    public static final long MAX_KEY = 1L << 61;

    private KeyDelta() {
    }

    /**
     * A finished task's keys as stored: its run sequence (the order of tasks' writes) and the
     * encoded parts with their entry counts (none for a task that wrote nothing); {@link #NONE} for a
     * task of a pipeline that keeps no key index.
     */
    public record Written(long runSeq, List<byte[]> parts, List<Integer> counts) {
        public static final Written NONE = new Written(0, List.of(), List.of());

        public Written {
            parts = List.copyOf(parts);
            counts = List.copyOf(counts);
        }

        /** Whether the task's pipeline keeps a key index (this is not {@link #NONE}). */
        public boolean tracked() {
            return this != NONE;
        }
    }

    /** One decoded entry's consumer. */
    @FunctionalInterface
    public interface EntryConsumer {
        void accept(long key, boolean tombstone);
    }

    /** Collects a task's keys as it writes them. Not thread-safe (one per task). */
    public static final class Builder {
        private final List<byte[]> parts = new ArrayList<>();
        private final List<Integer> counts = new ArrayList<>();
        private ByteArrayOutputStream raw = new ByteArrayOutputStream(4096);
        private int entries;
        private long previous;

        public void add(long key, boolean tombstone) {
            if (key > MAX_KEY || key < -MAX_KEY) {
                throw new IllegalArgumentException("key " + key + " is outside ±2^61, which reconciliation's key index does not hold");
            }
            long delta = key - previous;
            previous = key;
            long zigzag = (delta << 1) ^ (delta >> 63);
            writeVarLong(raw, (zigzag << 1) | (tombstone ? 1 : 0));
            if (++entries == PART_ENTRIES) {
                closePart();
            }
        }

        public boolean isEmpty() {
            return parts.isEmpty() && entries == 0;
        }

        /** The keys added so far, encoded, for the task of run sequence {@code runSeq}. */
        public Written written(long runSeq) {
            return new Written(runSeq, parts(), partCounts());
        }

        /** The encoded parts, each to be decoded on its own by {@link #decode}; counts in {@link #partCounts()}. */
        public List<byte[]> parts() {
            if (entries > 0) {
                closePart();
            }
            return List.copyOf(parts);
        }

        public List<Integer> partCounts() {
            if (entries > 0) {
                closePart();
            }
            return List.copyOf(counts);
        }

        private void closePart() {
            parts.add(deflate(raw.toByteArray()));
            counts.add(entries);
            raw = new ByteArrayOutputStream(4096);
            entries = 0;
            previous = 0;
        }
    }

    /** Feeds each entry of one encoded part to {@code consumer}, in the order written. */
    public static void decode(byte[] part, EntryConsumer consumer) {
        byte[] raw = inflate(part);
        long previous = 0;
        int i = 0;
        while (i < raw.length) {
            long v = 0;
            int shift = 0;
            byte b;
            do {
                if (i >= raw.length || shift > 63) {
                    throw new IllegalArgumentException("a key delta part is truncated or corrupt");
                }
                b = raw[i++];
                v |= (long) (b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            boolean tombstone = (v & 1) != 0;
            long zigzag = v >>> 1;
            long delta = (zigzag >>> 1) ^ -(zigzag & 1);
            previous += delta;
            consumer.accept(previous, tombstone);
        }
    }

    static void writeVarLong(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    static byte[] deflate(byte[] raw) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, raw.length / 4));
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    static byte[] inflate(byte[] compressed) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, compressed.length * 4));
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("a key delta part is truncated or corrupt");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new UncheckedIOException(new IOException("a key delta part is corrupt: " + e.getMessage(), e));
        } finally {
            inflater.end();
        }
    }
}
