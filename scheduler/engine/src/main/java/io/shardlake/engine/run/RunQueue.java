package io.shardlake.engine.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The runs every node shares through the metadata database: queued with an identity, claimed under
 * the pipeline's limits with a lease, renewed by heartbeats, taken over when a lease expires, and
 * finished only by the attempt that holds them (fenced by {@link RunRecord#attempt()}).
 */
public interface RunQueue {

    /** The run that holds a (pipeline, run key) identity, and whether this call created it. */
    record Enqueued(RunRecord run, boolean created) {
    }

    /**
     * What a claim must respect, checked under a lock on the pipeline so two nodes cannot both
     * pass it: one incremental run at a time, always allowed next to backfill chunks (their lane
     * never starves it); backfill chunks of the pipeline at most {@code maxActiveRuns - 1} (at
     * least 1), and at most {@code maxBackfillChunks} of one backfill. A compaction that was
     * started and handed back goes first: no other run of the pipeline is claimed before it; and
     * no backfill chunk is claimed while a compaction of the pipeline runs.
     */
    record ClaimLimits(int maxActiveRuns, int maxBackfillChunks) {
    }

    /** Queues {@code run} (state QUEUED) unless its identity exists; never creates a second one. */
    Enqueued enqueue(RunRecord run);

    /** Queued runs, oldest first. */
    List<RunRecord> queued(int limit);

    /**
     * Moves a queued run to RUNNING for {@code owner} with a lease until {@code leaseUntil} and
     * bumps its attempt, if the pipeline is not paused and its limits allow.
     *
     * @return the claimed run, or empty if another node claimed it first or a limit holds it back
     */
    Optional<RunRecord> claim(String runId, ClaimLimits limits, String owner, Instant now, Instant leaseUntil);

    /**
     * Extends the leases of the runs {@code owner} still holds among {@code runIds} (the runs it is
     * executing) and reads them back. Runs the owner holds but no longer executes (their thread
     * died, their end could not be recorded) are not renewed, so they expire and are taken over.
     * The replica host slots ({@link HostSlots}) the owner's reads of those runs hold are renewed
     * too, held or taken over: their reads still run until the node stops them.
     *
     * @return run id to the cancel reason asked for it ("" when none), for each run still held
     */
    Map<String, String> renewLeases(String owner, java.util.Collection<String> runIds, Instant leaseUntil);

    /** Puts runs whose lease expired before {@code now} back in the queue; returns their ids. */
    List<String> requeueExpired(Instant now);

    /**
     * Ends a RUNNING run, provided {@code run.attempt()} still holds it; {@code QUEUED} hands it
     * back to the queue (a node shutting down) for any node to continue.
     *
     * @return false (and changes nothing) when the run was taken over
     */
    boolean finish(RunRecord run, RunState state, ShardCounts totals, String error, Instant at);

    /** Ends a QUEUED run (CANCELLED, SKIPPED, FAILED) with a reason; false if it is no longer queued. */
    boolean endQueued(String runId, RunState state, String reason, Instant at);

    /**
     * Asks a run to stop: a queued run is CANCELLED at once, a running one gets a cancel reason its
     * node carries out within a heartbeat.
     *
     * @return the run's state after the request, empty for an unknown run
     */
    Optional<RunState> requestCancel(String runId, String reason, Instant at);

    /** Paused pipelines are not claimed; their schedules keep queueing nothing (see the scheduler). */
    void setPaused(String pipeline, boolean paused, String by, Instant at);

    Set<String> pausedPipelines();

    boolean isPaused(String pipeline);

    /** The end of the newest scheduled, catch-up or first-run interval of the pipeline. */
    Optional<Instant> lastScheduledIntervalEnd(String pipeline);

    /**
     * {@link #lastScheduledIntervalEnd} of every pipeline that has one, in one query: a catch-up of
     * the whole fleet then costs one statement, not one per pipeline.
     */
    Map<String, Instant> lastScheduledIntervalEnds();

    /**
     * Runs of {@code pipeline} that SUCCEEDED or were SKIPPED (nothing new to read) and whose
     * interval ends after {@code from}, by interval start: what a downstream run's wait checks.
     */
    List<RunRecord> completedEndingAfter(String pipeline, Instant from);

    /** Runs RUNNING or QUEUED, per pipeline (for lists); one query. */
    Map<String, Integer> activeCounts();

    /**
     * Stores the text of a definition version once (versions are content hashes, so the first text
     * stored is the version); runs queued with it can be run from it on any node.
     */
    void saveDefinitionVersion(String pipeline, String version, String fileName, String text, Instant at);

    Optional<String> definitionText(String pipeline, String version);
}
