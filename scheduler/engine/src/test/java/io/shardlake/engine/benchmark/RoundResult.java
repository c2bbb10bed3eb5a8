package io.shardlake.engine.benchmark;

/**
 * One measured round of a path or scenario, and the per-row figures the reports print.
 *
 * @param rows        rows read (raw read, full load) or written (the dimension-change scenarios)
 * @param valueBytes  source value bytes the round read (see {@link BenchDataset.Shard#valueBytes()})
 * @param outputBytes Parquet bytes written (engine runs only, else 0)
 * @param files       Parquet files written (engine runs only, else 0)
 * @param check       null when the round read (and for an engine run, wrote) exactly the rows it should,
 *                    else what was wrong
 */
record RoundResult(Kind kind, int round, long rows, long valueBytes, RoundMeter.Cost cost, long outputBytes, int files,
                   String check) {

    enum Kind {
        RAW_READ("raw-read"), FULL_LOAD("full-load"), REBUILD("rebuild"),
        /** The dimension-change benchmark's scenarios: changed orders, spread and hot changed customers. */
        FACT_CHANGE("fact changes"), SPREAD_DIMENSION_CHANGE("spread dimension change"), HOT_DIMENSION_CHANGE("hot dimension change");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    double seconds() {
        return cost.usage().seconds();
    }

    double rowsPerSecond() {
        return rows / seconds();
    }

    /** Source value megabytes (10^6 bytes) per second. */
    double megabytesPerSecond() {
        return valueBytes / 1e6 / seconds();
    }

    double clientCpuMicrosPerRow() {
        return cost.usage().cpuNanos() / 1e3 / rows;
    }

    /** Server CPU per row, or NaN when unknown. */
    double serverCpuMicrosPerRow() {
        long nanos = cost.usage().serverCpuNanos();
        return nanos < 0 ? Double.NaN : nanos / 1e3 / rows;
    }

    /** Rows the server's storage engine handed up per row of the source (1.0 for one pass over the rows). */
    double rowsExaminedPerRow() {
        return (double) cost.server().rowsExamined() / rows;
    }

    /** Pages the server read from disk, not found in its buffer pool, per 1,000 rows. */
    double bufferPoolDiskReadsPer1000Rows() {
        return cost.server().bufferPoolDiskReads() * 1000.0 / rows;
    }

    /** GC pause time as a fraction of the round's wall time. */
    double gcPauseShare() {
        return cost.gc().pauseShare();
    }

    boolean passed() {
        return check == null;
    }
}
