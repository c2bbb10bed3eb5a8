package io.shardlake.engine.coordinator;

import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.definition.ReconcileSpec;
import java.time.Instant;

/**
 * Whether a queued RECONCILE run may start now: its pipeline still reconciles, and the time of day
 * is inside the definition's {@code source.reconcile.window}. Its shards are bounded by the
 * backfill lane's share of each replica host, like a backfill's.
 */
final class ReconcileGate {

    private ReconcileGate() {
    }

    static BackfillGate.Decision admit(PipelineDefinition definition, Instant now) {
        ReconcileSpec spec = definition.source().reconcile();
        if (spec == null) {
            return BackfillGate.Decision.end("the pipeline no longer reconciles (source.reconcile was removed)");
        }
        if (spec.window() != null && !spec.window().isOpen(now)) {
            return BackfillGate.Decision.waiting("outside the reconcile window " + spec.window() + " until " + spec.window().nextOpening(now));
        }
        return BackfillGate.Decision.start(Integer.MAX_VALUE);
    }
}
