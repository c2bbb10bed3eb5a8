package io.shardlake.connectors.athena;

/**
 * A statement did not succeed in Athena: it failed or was cancelled (with Athena's
 * {@code StateChangeReason}), ran past the query timeout (and was stopped), or could not be sent.
 */
public class AthenaQueryException extends RuntimeException {

    private final String statement;
    private final String queryExecutionId;
    private final String state;

    public AthenaQueryException(String message, String statement, String queryExecutionId, String state, Throwable cause) {
        super(message + " [query " + (queryExecutionId == null ? "not started" : queryExecutionId) + "]\n" + statement, cause);
        this.statement = statement;
        this.queryExecutionId = queryExecutionId;
        this.state = state;
    }

    public String statement() {
        return statement;
    }

    /** Athena's id of the query, or null when it never started. */
    public String queryExecutionId() {
        return queryExecutionId;
    }

    /** The last state Athena reported ({@code FAILED}, {@code CANCELLED}, {@code RUNNING} on a timeout), or null. */
    public String state() {
        return state;
    }
}
