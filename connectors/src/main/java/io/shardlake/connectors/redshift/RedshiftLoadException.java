package io.shardlake.connectors.redshift;

/**
 * A load failed; its transaction was rolled back, so the target table is as it was before the load.
 * Also: a {@link RedshiftLoader#check} could not read the table (nothing is changed by a check).
 */
public final class RedshiftLoadException extends RuntimeException {

    RedshiftLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
