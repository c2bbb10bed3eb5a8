package io.shardlake.connectors.source;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The hash of an integer key both sides of a reconciliation compute: the CRC-32 of its decimal
 * digits, which is what MySQL's {@code CRC32(id)} returns. Public and static so that an H2 source
 * (the demo) can register it as its {@code CRC32} function.
 */
public final class KeyHashes {

    private KeyHashes() {
    }

    public static long crc32(long key) {
        CRC32 crc = new CRC32();
        crc.update(Long.toString(key).getBytes(StandardCharsets.US_ASCII));
        return crc.getValue();
    }
}
