package io.shardlake.connectors.binlog;

import java.time.LocalDateTime;

/**
 * One row change of the followed table, as the binlog carries it.
 *
 * @param values       the row's columns in the order the pipeline selects them (its source
 *                     columns), each as the JDBC read path gives it: the new image for an insert
 *                     or update, the last image for a delete
 * @param version      the row's cursor value in that image
 * @param sourceMillis when the source committed the change (the binlog event's time, seconds)
 */
public record BinlogChange(Op op, Object[] values, LocalDateTime version, long sourceMillis) {

    public enum Op {
        INSERT, UPDATE, DELETE
    }
}
