package io.shardlake.engine.alert;

import java.time.Instant;
import java.util.List;

/**
 * The open incidents, shared by every node (the metadata database): what makes an alert go out once
 * per incident however many nodes see it.
 */
public interface IncidentStore {

    /**
     * Opens the pipeline's incident of this kind unless one is open.
     *
     * @return true for the one caller, on any node, that opened it; false when it was open already
     */
    boolean open(Incident incident);

    /** Ends the pipeline's incident of this kind; false when none was open. */
    boolean close(String pipeline, AlertKind kind);

    /** Every open incident, oldest first. */
    List<Incident> openIncidents();

    /**
     * @param runId  the run that opened it (run failures only)
     * @param reason the alert's reason, for people looking at the table
     * @param openedBy the node that opened it and sent the alert
     */
    record Incident(String pipeline, AlertKind kind, String runId, String reason, Instant openedAt, String openedBy) {
    }
}
