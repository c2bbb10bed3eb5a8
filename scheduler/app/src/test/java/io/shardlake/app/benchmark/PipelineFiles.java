package io.shardlake.app.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes the benchmark's pipeline definitions: {@code p0001.yaml ...}, each reading the tiny
 * {@code events} table of every shard of the source {@code bench} into its own lake table, on a
 * real 15-minute cron. Only the phase within the quarter hour differs per pipeline, so that a
 * measurement window of a few minutes sees the fires one quarter hour of the whole fleet would.
 */
final class PipelineFiles {

    static final String CONNECTION = "bench";

    private PipelineFiles() {
    }

    /** A pipeline's name, its cron, and its upstream (null for none). */
    record Pipeline(String name, String cron, String upstream) {
    }

    /**
     * Replaces the folder's YAML files with {@code count} definitions; the last {@code dependents}
     * each depend on one of the others (spread evenly over them) and share its cron. Returns them.
     */
    static List<Pipeline> write(Path folder, int count, int dependents, SchedulerBenchOptions.Spread spread) throws IOException {
        Files.createDirectories(folder);
        try (Stream<Path> old = Files.list(folder)) {
            for (Path p : old.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.delete(p);
            }
        }
        List<Pipeline> pipelines = new ArrayList<>();
        int independent = count - dependents;
        for (int i = 0; i < count; i++) {
            // Upstreams spread over the independent pipelines, so the dependents' fires are spread like theirs.
            int upstream = i < independent ? -1 : (int) ((long) (i - independent) * independent / dependents);
            Pipeline p = upstream < 0 ? new Pipeline(name(i), cron(i, count, spread), null)
                    : new Pipeline(name(i), cron(upstream, count, spread), name(upstream));
            Files.writeString(folder.resolve(p.name() + ".yaml"), yaml(p));
            pipelines.add(p);
        }
        return pipelines;
    }

    private static String name(int i) {
        return String.format("p%04d", i + 1);
    }

    /**
     * Pipeline {@code i} of {@code n} fires {@code i * 900 / n} seconds into every quarter hour
     * ({@code seconds}), or at the start of minute {@code i mod 15} of it ({@code minutes}).
     */
    static String cron(int i, int n, SchedulerBenchOptions.Spread spread) {
        if (spread == SchedulerBenchOptions.Spread.MINUTES) {
            return (i % 15) + "/15 * * * *";
        }
        int offset = (int) ((long) i * SchedulerBenchOptions.PERIOD_SECONDS / n);
        return (offset % 60) + " " + (offset / 60) + "/15 * * * ?";
    }

    private static String yaml(Pipeline p) {
        return """
                name: %s
                schedule: "%s"
                schedule_zone: UTC
                source:
                  connection: %s
                  table: %s
                transform:
                  columns:
                    - {name: event_id, from: id, type: bigint}
                    - {name: status, type: string}
                    - {name: amount, type: "decimal(12,2)"}
                    - {name: updated_at, type: timestamp}
                """.formatted(p.name(), p.cron(), CONNECTION, BenchDatabases.TABLE)
                + (p.upstream() == null ? "" : "depends_on: [" + p.upstream() + "]\n");
    }
}
