package io.shardlake.engine.sink;

import java.time.Instant;
import java.util.List;

/** The delivery ledger: which committed runs each sink has taken (see {@code V9__sink_deliveries.sql}). */
public interface SinkDeliveries {

    /** A run a sink must be given; adding it twice changes nothing. */
    void add(String sink, String pipeline, String runId, boolean backfill, Instant at);

    /** The pipeline's runs not yet delivered to {@code sink}, oldest first. */
    List<Pending> pending(String sink, String pipeline);

    void delivered(String sink, String runId, Instant at);

    void failed(String sink, String runId, String error);

    /** Forgets up to {@code limit} deliveries made before {@code before}; returns how many. Pending ones stay. */
    int forgetDelivered(Instant before, int limit);

    record Pending(String runId, boolean backfill, int attempts) {
    }
}
