package io.shardlake.engine.benchmark;

import java.util.Locale;

/**
 * The speed targets of the project (NOTES.md, issue 13), checked against the medians of a run:
 * the full load at least {@value #MIN_FULL_TO_RAW}x the primary-key-order raw read of the same run,
 * server CPU per row at most {@value #MAX_SERVER_CPU_TO_RAW}x the raw read's, client CPU at most
 * {@value #MAX_CLIENT_CPU_MICROS} us per row, GC pauses under {@value #MAX_GC_PAUSE_SHARE} of wall time.
 * A missed target is reported, never failed.
 *
 * @param fullToRaw          full-load rows/s over raw-read rows/s
 * @param serverCpuFull      full load's server CPU, us per row (NaN when unknown)
 * @param serverCpuRaw       raw read's server CPU, us per row (NaN when unknown)
 * @param clientCpuFull      full load's client CPU, us per row
 * @param gcPauseShareFull   full load's GC pause time over its wall time
 */
record Targets(double fullToRaw, double serverCpuFull, double serverCpuRaw, double clientCpuFull, double gcPauseShareFull) {

    static final double MIN_FULL_TO_RAW = 0.45;
    static final double MAX_SERVER_CPU_TO_RAW = 1.3;
    static final double MAX_CLIENT_CPU_MICROS = 5;
    static final double MAX_GC_PAUSE_SHARE = 0.10;

    double serverCpuToRaw() {
        return serverCpuFull / serverCpuRaw;
    }

    /** One verdict per target, e.g. {@code full/raw 0.41x (>= 0.45x): NOT MET | ...}. */
    String verdicts() {
        return String.join(" | ",
                verdict(String.format(Locale.ROOT, "full/raw %.2fx (>= %.2fx)", fullToRaw, MIN_FULL_TO_RAW),
                        fullToRaw >= MIN_FULL_TO_RAW),
                Double.isNaN(serverCpuToRaw()) ? "server CPU per row: unknown (server not local)"
                        : verdict(String.format(Locale.ROOT, "server CPU %.2f us/row = %.2fx raw's %.2f (<= %.1fx)", serverCpuFull,
                        serverCpuToRaw(), serverCpuRaw, MAX_SERVER_CPU_TO_RAW), serverCpuToRaw() <= MAX_SERVER_CPU_TO_RAW),
                verdict(String.format(Locale.ROOT, "client CPU %.2f us/row (<= %.0f)", clientCpuFull, MAX_CLIENT_CPU_MICROS),
                        clientCpuFull <= MAX_CLIENT_CPU_MICROS),
                verdict(String.format(Locale.ROOT, "GC pauses %.1f%% of wall (< %.0f%%)", gcPauseShareFull * 100,
                        MAX_GC_PAUSE_SHARE * 100), gcPauseShareFull < MAX_GC_PAUSE_SHARE));
    }

    private static String verdict(String figure, boolean met) {
        return figure + ": " + (met ? "MET" : "NOT MET");
    }
}
