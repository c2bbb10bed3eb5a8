package io.shardlake.connectors.athena;

import java.time.Duration;

/** A statement ran longer than {@code shardlake.athena.query-timeout}; it was asked to stop. */
public final class AthenaQueryTimeoutException extends AthenaQueryException {

    public AthenaQueryTimeoutException(Duration timeout, String statement, String queryExecutionId, String state) {
        super("Athena query still " + state + " after " + timeout + " (shardlake.athena.query-timeout); stopped it",
                statement, queryExecutionId, state, null);
    }
}
