package io.shardlake.engine.benchmark;

import io.shardlake.connectors.testing.bench.GcActivity;
import io.shardlake.connectors.testing.bench.GcLog;
import io.shardlake.connectors.testing.bench.ProcessMeter;
import io.shardlake.connectors.testing.bench.ServerCpu;
import io.shardlake.connectors.testing.bench.ServerStatus;
import java.sql.SQLException;

/**
 * Everything a round costs, measured the same way for both paths: wall and CPU time of this
 * process and of the server ({@link ProcessMeter}), the server's rows examined and buffer-pool
 * disk reads ({@link ServerStatus}), and GC pauses and after-GC heap during the round, read back
 * from this JVM's GC log ({@link GcLog}). The status counters are read outside the timed span.
 */
final class RoundMeter {

    /** What one round cost. */
    record Cost(ProcessMeter.Usage usage, ServerStatus.Counters server, GcActivity gc) {
    }

    private final ProcessMeter process;
    private final ServerStatus status;
    private final GcLog gcLog;
    private ServerStatus.Counters statusBefore;
    private long startMillis;

    RoundMeter(ServerCpu serverCpu, ServerStatus status, GcLog gcLog) {
        this.process = new ProcessMeter(serverCpu);
        this.status = status;
        this.gcLog = gcLog;
    }

    void start() throws SQLException {
        statusBefore = status.read();
        startMillis = System.currentTimeMillis();
        process.start();
    }

    Cost stop() throws SQLException {
        ProcessMeter.Usage usage = process.stop();
        long endMillis = System.currentTimeMillis();
        ServerStatus.Counters server = status.read().minus(statusBefore);
        return new Cost(usage, server, GcActivity.of(gcLog.pauses(startMillis, endMillis), startMillis, endMillis));
    }
}
