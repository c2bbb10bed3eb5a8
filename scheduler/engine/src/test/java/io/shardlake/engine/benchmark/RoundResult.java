package io.shardlake.engine.benchmark;

import io.shardlake.connectors.testing.bench.ProcessMeter;
import java.util.List;

/**
 * One measured round of either path.
 *
 * @param valueBytes  source value bytes the round read (see {@link BenchDataset.Shard#valueBytes()})
 * @param outputBytes Parquet bytes written (full load only, else 0)
 * @param files       Parquet files written (full load only, else 0)
 * @param heapProbe   heap per quarter of the round when probed, else empty
 * @param check       null when the round read (and for a full load, wrote) exactly the source rows,
 *                    else what was wrong
 */
record RoundResult(Kind kind, int round, long rows, long valueBytes, ProcessMeter.Usage usage, HeapMeter.HeapUsage heap,
                   long outputBytes, int files, List<HeapProbe.Quarter> heapProbe, String check) {

    enum Kind {
        RAW_READ("raw-read"), FULL_LOAD("full-load");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    double rowsPerSecond() {
        return rows / usage.seconds();
    }

    /** Source value megabytes (10^6 bytes) per second. */
    double megabytesPerSecond() {
        return valueBytes / 1e6 / usage.seconds();
    }

    double clientCpuMicrosPerRow() {
        return usage.cpuNanos() / 1e3 / rows;
    }

    /** Server CPU per row, or NaN when unknown. */
    double serverCpuMicrosPerRow() {
        return usage.serverCpuNanos() < 0 ? Double.NaN : usage.serverCpuNanos() / 1e3 / rows;
    }

    boolean passed() {
        return check == null;
    }
}
