package io.shardlake.app.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shardlake.connectors.testing.MySqlShards;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.TriggerKind;
import io.shardlake.engine.schedule.CronIntervals;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import io.shardlake.connectors.testing.SingleDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two service nodes on one metadata database, as README "Running two or more nodes" sets them up:
 * same database, sources, definitions and lake; own node id, Quartz instance id and port. Both run
 * in this JVM as separate Spring contexts. Quartz's clustered store fires two pipelines with
 * second-granularity crons for a while, rows keep arriving in the shards, and then:
 * each fire time has exactly one run, fired by one node, started once and never taken over, and
 * each row version is in the lake exactly once.
 *
 * <p>Which node fires or runs what is not asserted: Quartz only promises one node per fire, and
 * "favors the same node for non-busy schedulers" (Quartz clustering docs). The split is printed.
 */
abstract class TwoNodesContract {

    @RegisterExtension
    static MySqlShards shards = MySqlShards.create(3);

    /** How long the nodes are watched firing: four to six fires per pipeline. */
    private static final Duration WINDOW = Duration.ofSeconds(12);
    private static final Map<String, String> PIPELINES = Map.of("every_2s", "*/2 * * * * ?", "every_3s", "*/3 * * * * ?");

    @TempDir
    Path folder;

    private final List<AutoCloseable> closing = new ArrayList<>();

    /** The subclass's metadata database (MariaDB or PostgreSQL), fresh for the class. */
    abstract SingleDatabase metadataDatabase();

    private DataSource metadata() {
        return metadataDatabase().dataSource();
    }

    @AfterEach
    void stopNodesAndWriters() throws Exception {
        Collections.reverse(closing);
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    @Test
    void eachScheduledIntervalRunsOnceOnOneNodeAndEveryRowLandsOnce() throws Exception {
        OrdersSource source = new OrdersSource(shards);
        closing.add(source);
        source.insert(20);
        for (Map.Entry<String, String> p : PIPELINES.entrySet()) {
            OrdersSource.writeDefinition(folder.resolve("definitions"), p.getKey(), p.getValue());
        }
        NodeSettings settings = NodeSettings.shared(metadataDatabase().jdbcUrl(), metadataDatabase().user(), metadataDatabase().password(), shards,
                folder);
        InProcessNode a = InProcessNode.start(settings, "node-a");
        closing.add(a);
        InProcessNode b = InProcessNode.start(settings, "node-b");
        closing.add(b);
        assertThat(new JdbcTemplate(metadata()).queryForList("SELECT INSTANCE_NAME FROM QRTZ_SCHEDULER_STATE", String.class))
                .as("both Quartz instances checked in to one cluster").containsExactlyInAnyOrder("node-a", "node-b");
        source.keepInserting(200);

        Instant from = Instant.now();
        Instant until = from.plus(WINDOW);
        JdbcRunRepository runs = new JdbcRunRepository(metadata());
        await().atMost(WINDOW.plusSeconds(45)).pollInterval(Duration.ofMillis(500)).until(() -> Instant.now().isAfter(until)
                && PIPELINES.keySet().stream().allMatch(p -> runsEndingBy(runs, p, until).stream().allMatch(r -> r.state().isTerminal())
                && runsEndingBy(runs, p, until).stream().anyMatch(r -> !r.interval().end().isBefore(lastFire(p, until)))));
        source.close();
        closing.remove(source);
        b.close();
        a.close();

        LakeAudit lake = new LakeAudit(folder.resolve("warehouse"), metadata());
        List<InProcessNode.Start> starts = Stream.concat(a.starts().stream(), b.starts().stream()).toList();
        List<InProcessNode.Fire> fires = Stream.concat(a.fires().stream(), b.fires().stream()).toList();
        for (String pipeline : PIPELINES.keySet()) {
            List<Instant> expected = firesBetween(pipeline, from, until);
            assertThat(expected).hasSizeGreaterThanOrEqualTo(4);
            List<RunRecord> done = runsEndingBy(runs, pipeline, until);
            Map<Instant, List<RunRecord>> byEnd = done.stream().collect(Collectors.groupingBy(r -> r.interval().end()));
            for (Instant fire : expected) {
                assertThat(byEnd.get(fire)).as("%s: runs of the fire at %s", pipeline, fire).singleElement()
                        .extracting(RunRecord::trigger).isEqualTo(TriggerKind.SCHEDULED);
                assertThat(fires.stream().filter(f -> f.pipeline().equals(pipeline) && f.scheduledAt().equals(fire)))
                        .as("%s: nodes Quartz handed the fire at %s", pipeline, fire).hasSize(1);
            }
            assertThat(done).as("%s: every run up to %s ended well, claimed once", pipeline, until)
                    .allSatisfy(r -> {
                        assertThat(r.state()).as(r.id() + ": " + r.error()).isIn(RunState.SUCCEEDED, RunState.SKIPPED);
                        assertThat(r.attempt()).isEqualTo(1);
                        assertThat(starts.stream().filter(s -> s.runId().equals(r.id()))).as("starts of run %s", r.id()).hasSize(1);
                        assertThat(runs.shardRuns(r.id())).as("shard tasks of run %s", r.id())
                                .hasSize(shards.count()).allSatisfy(t -> assertThat(t.attempt()).isEqualTo(1));
                    });

            List<String> inLake = lake.versions(pipeline);
            assertThat(new HashSet<>(inLake)).as("%s: no row version twice in the lake", pipeline).hasSameSizeAs(inLake);
            Set<String> belowWatermarks = source.versionsBelow(lake.watermarks(pipeline));
            assertThat(belowWatermarks).hasSizeGreaterThan(shards.count() * 20);
            assertThat(new HashSet<>(inLake)).as("%s: the lake holds exactly the rows below the watermarks", pipeline)
                    .isEqualTo(belowWatermarks);
            report(pipeline, done, starts, fires, a, b);
        }
        assertThat(lake.files()).as("files readers see are those of committed shard tasks").isEqualTo(lake.committedFiles());
    }

    private static List<RunRecord> runsEndingBy(JdbcRunRepository runs, String pipeline, Instant until) {
        return runs.recentRuns(pipeline, 500).stream().filter(r -> !r.interval().end().isAfter(until)).toList();
    }

    private static CronIntervals cron(String pipeline) {
        return new CronIntervals(PIPELINES.get(pipeline), ZoneOffset.UTC);
    }

    private static Instant lastFire(String pipeline, Instant until) {
        return cron(pipeline).previousFireBefore(until.plusMillis(1));
    }

    private static List<Instant> firesBetween(String pipeline, Instant from, Instant until) {
        List<Instant> out = new ArrayList<>();
        for (Instant t = cron(pipeline).nextFireAfter(from); !t.isAfter(until); t = cron(pipeline).nextFireAfter(t)) {
            out.add(t);
        }
        return out;
    }

    private static void report(String pipeline, List<RunRecord> done, List<InProcessNode.Start> starts, List<InProcessNode.Fire> fires,
                               InProcessNode... nodes) {
        Set<String> ids = done.stream().map(RunRecord::id).collect(Collectors.toSet());
        StringBuilder line = new StringBuilder(pipeline + ": " + done.size() + " runs;");
        for (InProcessNode n : nodes) {
            long fired = n.fires().stream().filter(f -> f.pipeline().equals(pipeline)).count();
            long ran = n.starts().stream().filter(s -> ids.contains(s.runId())).count();
            line.append(' ').append(n.id()).append(" fired ").append(fired).append(", started ").append(ran).append(';');
        }
        System.out.println(line);
    }
}
