package io.shardlake.engine.benchmark;

import io.shardlake.engine.run.ShardReconciliation;
import java.util.List;

/**
 * One measured RECONCILE run and, after deletes, the EVENT runs that wrote its tombstones.
 *
 * @param findings     what each shard's reconciliation recorded
 * @param keysListed   replica keys in the ranges that differed (what the reconciliation listed), counted afterwards
 * @param events       the EVENT runs and the lake afterwards; null when nothing was deleted
 * @param problems     what was not as it should be; empty when the round checked out
 */
record ReconcileRound(Kind kind, int round, RoundMeter.Cost cost, List<ShardReconciliation> findings, long keysListed,
                      Tombstones events, List<String> problems) {

    enum Kind {
        FIRST("first reconcile"), DELETES("deletes"), UNCHANGED("unchanged");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /**
     * The EVENT runs after a reconciliation and what the lake shows then.
     *
     * @param written      tombstones the runs wrote (read back from the lake)
     * @param expected     keys deleted at the source this round
     * @param missing      deleted keys without a tombstone of these runs
     * @param extra        tombstones of these runs for keys not deleted this round
     * @param currentKeys  keys in the lake's current state, deletes applied
     * @param sourceKeys   keys the shards hold
     */
    record Tombstones(int runs, RoundMeter.Cost cost, long written, long expected, long missing, long extra, long currentKeys,
                      long sourceKeys) {
    }

    ReconcileRound {
        findings = List.copyOf(findings);
        problems = List.copyOf(problems);
    }

    double seconds() {
        return cost.usage().seconds();
    }

    long rowsExamined() {
        return findings.stream().mapToLong(ShardReconciliation::rowsExamined).sum();
    }

    long sourceKeys() {
        return findings.stream().mapToLong(ShardReconciliation::sourceKeys).sum();
    }

    long ranges() {
        return findings.stream().mapToLong(ShardReconciliation::ranges).sum();
    }

    long rangesDiffering() {
        return findings.stream().mapToLong(ShardReconciliation::rangesDiffering).sum();
    }

    long deletedFound() {
        return findings.stream().mapToLong(ShardReconciliation::deletedKeys).sum();
    }

    long missingFound() {
        return findings.stream().mapToLong(ShardReconciliation::missingKeys).sum();
    }

    /** Server CPU in seconds, or NaN when unknown. */
    double serverCpuSeconds() {
        long nanos = cost.usage().serverCpuNanos();
        return nanos < 0 ? Double.NaN : nanos / 1e9;
    }

    double clientCpuSeconds() {
        return cost.usage().cpuNanos() / 1e9;
    }

    boolean passed() {
        return problems.isEmpty();
    }
}
