package io.shardlake.engine.run;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * The (primary key, cursor value) pairs a shard has already loaded near its watermark, so that
 * rows read again through the lookback land in the lake exactly once, while rows that committed
 * late with an older cursor value are still written.
 *
 * <p>Each entry is the cursor value (microseconds, as stored) and a 128-bit SHA-256 prefix of
 * the key and cursor. Only entries at or after {@link #from()} are kept: the digest is as large
 * as the rows changed within one lookback, not the table. Immutable; {@link Builder} makes the
 * next one.
 */
public final class TailDigest {

    private static final int ENTRY = 24;

    private final LocalDateTime from;
    private final long[] cursors;
    private final long[] hashHi;
    private final long[] hashLo;

    private TailDigest(LocalDateTime from, long[] cursors, long[] hashHi, long[] hashLo) {
        this.from = from;
        this.cursors = cursors;
        this.hashHi = hashHi;
        this.hashLo = hashLo;
    }

    public static TailDigest empty() {
        return new TailDigest(null, new long[0], new long[0], new long[0]);
    }

    /** Lowest cursor value covered, or null when the digest covers nothing. */
    public LocalDateTime from() {
        return from;
    }

    public int size() {
        return cursors.length;
    }

    public boolean contains(LocalDateTime cursor, Object[] key) {
        long c = micros(cursor);
        int i = Arrays.binarySearch(cursors, c);
        if (i < 0) {
            return false;
        }
        long[] h = hash(key, c);
        while (i > 0 && cursors[i - 1] == c) {
            i--;
        }
        for (; i < cursors.length && cursors[i] == c; i++) {
            if (hashHi[i] == h[0] && hashLo[i] == h[1]) {
                return true;
            }
        }
        return false;
    }

    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(cursors.length * ENTRY);
        for (int i = 0; i < cursors.length; i++) {
            b.putLong(cursors[i]).putLong(hashHi[i]).putLong(hashLo[i]);
        }
        return b.array();
    }

    public static TailDigest fromBytes(LocalDateTime from, byte[] bytes) {
        if (from == null || bytes == null) {
            return empty();
        }
        if (bytes.length % ENTRY != 0) {
            throw new IllegalArgumentException("corrupt tail digest: " + bytes.length + " bytes is not a multiple of " + ENTRY);
        }
        int n = bytes.length / ENTRY;
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long[] c = new long[n];
        long[] hi = new long[n];
        long[] lo = new long[n];
        for (int i = 0; i < n; i++) {
            c[i] = b.getLong();
            hi[i] = b.getLong();
            lo[i] = b.getLong();
        }
        return new TailDigest(from, c, hi, lo);
    }

    /** Starts the next digest: this one's entries at or after {@code newFrom}, plus what is added. */
    public Builder next(LocalDateTime newFrom) {
        Builder builder = new Builder(newFrom);
        long min = micros(newFrom);
        for (int i = 0; i < cursors.length; i++) {
            if (cursors[i] >= min) {
                builder.add(cursors[i], hashHi[i], hashLo[i]);
            }
        }
        return builder;
    }

    /** Accumulates entries; keeps only those at or after its {@code from}. */
    public static final class Builder {
        private final LocalDateTime from;
        private final long min;
        private long[] cursors = new long[64];
        private long[] hashHi = new long[64];
        private long[] hashLo = new long[64];
        private int size;

        private Builder(LocalDateTime from) {
            this.from = from;
            this.min = micros(from);
        }

        /** Whether a row at this cursor value belongs in the digest (cheap; check before hashing). */
        public boolean covers(LocalDateTime cursor) {
            return micros(cursor) >= min;
        }

        public void add(LocalDateTime cursor, Object[] key) {
            long c = micros(cursor);
            if (c >= min) {
                long[] h = hash(key, c);
                add(c, h[0], h[1]);
            }
        }

        private void add(long c, long hi, long lo) {
            if (size == cursors.length) {
                cursors = Arrays.copyOf(cursors, size * 2);
                hashHi = Arrays.copyOf(hashHi, size * 2);
                hashLo = Arrays.copyOf(hashLo, size * 2);
            }
            cursors[size] = c;
            hashHi[size] = hi;
            hashLo[size] = lo;
            size++;
        }

        public TailDigest build() {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Long.compare(cursors[a], cursors[b]));
            long[] c = new long[size];
            long[] hi = new long[size];
            long[] lo = new long[size];
            int n = 0;
            for (int k = 0; k < size; k++) {
                int i = order[k];
                if (n > 0 && c[n - 1] == cursors[i] && duplicate(c, hi, lo, n, cursors[i], hashHi[i], hashLo[i])) {
                    continue;
                }
                c[n] = cursors[i];
                hi[n] = hashHi[i];
                lo[n] = hashLo[i];
                n++;
            }
            return new TailDigest(from, Arrays.copyOf(c, n), Arrays.copyOf(hi, n), Arrays.copyOf(lo, n));
        }

        private static boolean duplicate(long[] c, long[] hi, long[] lo, int n, long cursor, long h, long l) {
            for (int j = n - 1; j >= 0 && c[j] == cursor; j--) {
                if (hi[j] == h && lo[j] == l) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Microseconds since 1970-01-01T00:00 (called per row read: plain arithmetic, no {@code until}). */
    static long micros(LocalDateTime t) {
        return Math.addExact(Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), 1_000_000L), t.getNano() / 1_000);
    }

    private static long[] hash(Object[] key, long cursorMicros) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Object k : key) {
            byte[] bytes = (k == null ? "\u0000null" : k.toString()).getBytes(StandardCharsets.UTF_8);
            sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
            sha.update(bytes);
        }
        sha.update(ByteBuffer.allocate(8).putLong(cursorMicros).array());
        ByteBuffer d = ByteBuffer.wrap(sha.digest());
        return new long[] {d.getLong(), d.getLong()};
    }
}
