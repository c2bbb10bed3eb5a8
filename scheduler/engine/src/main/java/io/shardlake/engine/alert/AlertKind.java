package io.shardlake.engine.alert;

import java.util.Locale;

/** What an incident is about; at most one of each kind is open per pipeline. */
public enum AlertKind {
    /** A run failed; over at the pipeline's next successful (or skipped) run. */
    RUN_FAILED,
    /** Freshness grew past the threshold; over when it is back under it. */
    FRESHNESS_BREACH,
    /**
     * A reconciliation failed, most often because keys of the source were missing from the lake
     * (rows were lost somewhere; they are reloaded); over at the pipeline's next successful one.
     */
    RECONCILIATION_FAILED;

    /** As written in the webhook body and the metadata database: {@code run_failed}, {@code freshness_breach}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
