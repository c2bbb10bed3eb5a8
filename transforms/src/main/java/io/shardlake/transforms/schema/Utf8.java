package io.shardlake.transforms.schema;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A string value held as its UTF-8 bytes, as the source driver delivered them. Text that no
 * transform touches goes from the driver to the Parquet page without being decoded to a
 * {@link String} and encoded again, which is a large share of the cost per row.
 */
public final class Utf8 implements Comparable<Utf8> {

    private final byte[] bytes;
    private String decoded;

    private Utf8(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps bytes the caller will not modify afterwards. */
    public static Utf8 wrap(byte[] utf8Bytes) {
        return new Utf8(utf8Bytes);
    }

    public static Utf8 of(String s) {
        Utf8 u = new Utf8(s.getBytes(StandardCharsets.UTF_8));
        u.decoded = s;
        return u;
    }

    /** The UTF-8 bytes; callers must not modify them. */
    public byte[] bytes() {
        return bytes;
    }

    @Override
    public String toString() {
        String s = decoded;
        if (s == null) {
            s = new String(bytes, StandardCharsets.UTF_8);
            decoded = s;
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Utf8 other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(Utf8 o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }
}
