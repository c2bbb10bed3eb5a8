package io.shardlake.connectors.parquet;

import java.io.IOException;

/** Bytes read back from a spill file that are not a row this writer spilled. */
final class CorruptSpillException extends IOException {

    CorruptSpillException(String message) {
        super(message);
    }
}
