package io.shardlake.connectors.source;

/**
 * The replica does not offer what a definition relies on (a joined table's key is not its primary
 * key, a join column has no index, cursors in different zones): retrying cannot help, the
 * definition or the replica's schema must change. The message says which and how.
 */
public final class SourceContractException extends RuntimeException {

    public SourceContractException(String message) {
        super(message);
    }
}
