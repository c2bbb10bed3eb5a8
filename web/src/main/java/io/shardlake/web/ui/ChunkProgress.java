package io.shardlake.web.ui;

import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Progress of work split into chunk runs, as the backfill page shows it (and a rebuild's page and
 * API): chunks by state, rows, an ETA, and a line per chunk with its run. Up to {@code atOnce}
 * chunks run at the same time (a backfill's one after another), so the ETA is the mean duration
 * of the chunks that ended times the chunks left, less what the running ones have already spent,
 * shared by the chunks running at once. Templates print it with
 * {@code fragments/progress :: progress(p)} and {@code :: chunks(lines)}.
 *
 * @param etaSeconds the ETA in seconds, null when there is none (done, paused, or no chunk ended yet)
 */
public record ChunkProgress(long total, long ended, long succeeded, long failed, long cancelled, long running, long queued, int percent,
                            long rowsRead, long rowsWritten, String eta, Long etaSeconds) {

    /** One chunk: its run (link), data interval, state, rows, duration and error. */
    record Line(int index, String runId, String from, String to, String state, long rowsRead, long rowsWritten, String started,
                String duration, String error) {
    }

    /**
     * @param chunks the chunk runs in order
     * @param paused no further chunk starts (the ETA says so instead of a time)
     */
    static ChunkProgress of(List<RunRecord> chunks, boolean paused, Instant now) {
        return of(chunks, paused, now, 1);
    }

    /** @param atOnce how many chunks run at the same time at most (a rebuild's max_concurrency) */
    public static ChunkProgress of(List<RunRecord> chunks, boolean paused, Instant now, int atOnce) {
        long total = chunks.size();
        long ended = count(chunks, null);
        long left = total - ended;
        Duration spent = Duration.ZERO;
        long timed = 0;
        Duration runningFor = Duration.ZERO;
        for (RunRecord r : chunks) {
            if (r.state().isTerminal() && r.startedAt() != null && r.finishedAt() != null) {
                spent = spent.plus(Duration.between(r.startedAt(), r.finishedAt()));
                timed++;
            } else if (r.state() == RunState.RUNNING && r.startedAt() != null) {
                runningFor = runningFor.plus(Duration.between(r.startedAt(), now));
            }
        }
        String eta;
        Duration remaining = null;
        if (left == 0) {
            eta = "done";
        } else if (paused) {
            eta = "paused: no chunk starts until it is resumed";
        } else if (timed == 0) {
            eta = "known once a chunk has finished";
        } else {
            remaining = spent.dividedBy(timed).multipliedBy(left).minus(runningFor).dividedBy(Math.max(1, Math.min(atOnce, left)));
            remaining = remaining.isNegative() ? Duration.ZERO : remaining;
            eta = "about " + PageFormats.span(remaining) + " for " + left + " chunk(s) left";
        }
        return new ChunkProgress(total, ended, count(chunks, RunState.SUCCEEDED) + count(chunks, RunState.SKIPPED),
                count(chunks, RunState.FAILED), count(chunks, RunState.CANCELLED), count(chunks, RunState.RUNNING),
                count(chunks, RunState.QUEUED), total == 0 ? 100 : (int) (ended * 100 / total),
                chunks.stream().mapToLong(r -> r.totals().rowsRead()).sum(), chunks.stream().mapToLong(r -> r.totals().rowsWritten()).sum(),
                eta, remaining == null ? null : remaining.toSeconds());
    }

    /** The lines of the chunks, in order; times in the viewer's zone. */
    static List<Line> lines(List<RunRecord> chunks, ViewerTimes times, Instant now) {
        return java.util.stream.IntStream.range(0, chunks.size()).mapToObj(i -> {
            RunRecord r = chunks.get(i);
            Instant end = r.finishedAt() != null ? r.finishedAt() : r.state() == RunState.RUNNING ? now : null;
            String duration = r.startedAt() == null || end == null ? "" : PageFormats.span(Duration.between(r.startedAt(), end))
                    + (r.finishedAt() == null ? " so far" : "");
            return new Line(i, r.id(), r.interval() == null ? "" : times.when(r.interval().start()),
                    r.interval() == null ? "" : times.when(r.interval().end()), r.state().name(), r.totals().rowsRead(),
                    r.totals().rowsWritten(), times.when(r.startedAt()), duration, r.error());
        }).toList();
    }

    /** Chunks in {@code state}; those that ended, whatever the outcome, for null. */
    private static long count(List<RunRecord> chunks, RunState state) {
        return chunks.stream().filter(r -> state == null ? r.state().isTerminal() : r.state() == state).count();
    }
}
