package io.shardlake.connectors.parquet;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Page compression of written files. Only codecs we can run without Hadoop are offered:
 * {@link #SNAPPY} (the default: fast, what Athena users expect), {@link #ZSTD} (smaller files,
 * more CPU) and {@link #UNCOMPRESSED}.
 */
public enum Compression {
    SNAPPY(CompressionCodecName.SNAPPY),
    ZSTD(CompressionCodecName.ZSTD),
    UNCOMPRESSED(CompressionCodecName.UNCOMPRESSED);

    public static final Compression DEFAULT = SNAPPY;

    private final CompressionCodecName codecName;

    Compression(CompressionCodecName codecName) {
        this.codecName = codecName;
    }

    public CompressionCodecName codecName() {
        return codecName;
    }

    /**
     * Parses a name case-insensitively ({@code snappy}, {@code ZSTD}, ...).
     *
     * @throws IllegalArgumentException naming the accepted values when {@code text} is not one
     */
    public static Compression parse(String text) {
        if (text != null) {
            String t = text.trim().toUpperCase(Locale.ROOT);
            for (Compression c : values()) {
                if (c.name().equals(t)) {
                    return c;
                }
            }
        }
        throw new IllegalArgumentException("unknown compression '" + text + "'; use one of " + accepted());
    }

    /** The accepted names, lower case, for messages. */
    public static String accepted() {
        return Arrays.stream(values()).map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }
}
