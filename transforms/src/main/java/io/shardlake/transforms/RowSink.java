package io.shardlake.transforms;

/** Receives what a transform makes of one source row: output rows, or the reason it was quarantined. */
public interface RowSink {

    /** One output row, positioned as {@link CompiledTransform#outputSchema()}. */
    void row(Object[] values);

    /** The source row could not be transformed; no output row was emitted for it. */
    void quarantine(String reason);
}
