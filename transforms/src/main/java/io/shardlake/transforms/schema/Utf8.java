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

    /**
     * This text with A-Z mapped to a-z ({@code toLowerCase(Locale.ROOT)} of ASCII text), straight on
     * the bytes; null when the text is not all ASCII, where case mapping needs the String.
     */
    public Utf8 asciiLowerCase() {
        return asciiCase('A', 'Z', 'a' - 'A');
    }

    /** This text with a-z mapped to A-Z, as {@link #asciiLowerCase()}; null when not all ASCII. */
    public Utf8 asciiUpperCase() {
        return asciiCase('a', 'z', 'A' - 'a');
    }

    private Utf8 asciiCase(char from, char to, int shift) {
        byte[] mapped = null;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b < 0) {
                return null;
            }
            if (b >= from && b <= to) {
                if (mapped == null) {
                    mapped = bytes.clone();
                }
                mapped[i] = (byte) (b + shift);
            }
        }
        return mapped == null ? this : new Utf8(mapped);
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
