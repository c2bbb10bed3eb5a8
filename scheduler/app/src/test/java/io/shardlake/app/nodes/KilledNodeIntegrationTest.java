package io.shardlake.app.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shardlake.app.TestLogins;
import io.shardlake.connectors.testing.MySqlDatabase;
import io.shardlake.connectors.testing.MySqlShards;
import io.shardlake.engine.metadata.JdbcRunRepository;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.engine.run.RunState;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash recovery with a really killed process. A node runs in a child JVM on a MariaDB metadata
 * database with a 5 s lease and one read at a time per replica host, so a run's shards go one
 * after another. The test holds shard02's watermark row locked: shard01 commits, shard02 publishes
 * its files and then waits in its commit, shard03 and shard04 have not started. That is the one
 * moment at which a dead attempt leaves files in the lake, and there the node gets SIGKILL (no
 * shutdown hook, so the run is not handed back). A second node on the same database then takes
 * the run over once the lease expires. Both nodes share one work directory, as nodes on one
 * machine do by default: what the killed node had staged there is removed by the next.
 */
class KilledNodeIntegrationTest {

    @RegisterExtension
    static MySqlShards shards = MySqlShards.create(4);

    @RegisterExtension
    static MySqlDatabase metadata = MySqlDatabase.create();

    /** A Java process killed by SIGKILL exits with 128 + 9. */
    private static final int KILLED_BY_SIGKILL = 137;
    private static final Pattern RUN_ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    @TempDir
    Path folder;

    private ChildNode first;
    private InProcessNode second;
    private Connection watermarkLock;

    @AfterEach
    void stopNodes() throws Exception {
        if (watermarkLock != null) {
            watermarkLock.rollback();
            watermarkLock.close();
        }
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    @Test
    void aRunWhoseNodeIsKilledBetweenPublishAndCommitIsFinishedByAnotherNodeWithNoDuplicateOrOrphanAndNoWatermarkBack()
            throws Exception {
        OrdersSource source = new OrdersSource(shards);
        source.insert(50);
        // Yearly: the service queues the first load at start, and nothing else but the run triggered below.
        OrdersSource.writeDefinition(folder.resolve("definitions"), "orders", "0 0 0 1 1 ?");
        NodeSettings settings = NodeSettings.shared(metadata.jdbcUrl(), metadata.user(), metadata.password(), shards, folder)
                .lease(Duration.ofSeconds(5))
                .set("shardlake.sources.shop.max-concurrent-per-host", 1)
                // Every row is inserted before the run that must read it is queued: no commit is in flight.
                .set("shardlake.extract.safety-lag", "0s");
        JdbcRunRepository runs = new JdbcRunRepository(metadata.dataSource());
        LakeAudit lake = new LakeAudit(folder.resolve("warehouse"), metadata.dataSource());

        first = ChildNode.start(settings, "node-1", Path.of("target", getClass().getSimpleName() + "-node-1.log"));
        first.awaitUp(Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(30)).until(() -> runs.recentRuns("orders", 1).stream()
                .anyMatch(r -> r.state() == RunState.SUCCEEDED));
        source.insert(30);
        watermarkLock = metadata.connection();
        watermarkLock.setAutoCommit(false);
        watermarkLock.createStatement().executeQuery("SELECT cursor_value FROM shard_watermark WHERE pipeline = 'orders'"
                + " AND shard = 'shard02' FOR UPDATE").close();

        String runId = trigger(first);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(shardTasks(lake, runId))
                .as(first.logTail()).isEqualTo(Map.of("shard01", List.of("1/1 SUCCEEDED"), "shard02", List.of("1/1 PUBLISHING"))));
        Map<String, String> watermarksBefore = lake.watermarks("orders");
        List<String> deadAttemptsFiles = lake.metadata().queryForList("SELECT object_key FROM shard_run_file WHERE run_id = ?"
                + " AND shard = 'shard02' AND attempt = 1", String.class, runId);
        assertThat(deadAttemptsFiles).isNotEmpty();
        assertThat(lake.files()).as("shard02's first attempt published its files").containsAll(deadAttemptsFiles);
        assertThat(stagedFiles()).as("and has their local copies staged").containsAll(fileNames(deadAttemptsFiles));

        assertThat(first.kill()).as("exit status: killed, not shut down").isEqualTo(KILLED_BY_SIGKILL);
        assertThat(runs.run(runId).orElseThrow()).as("not handed back, as a shutdown would")
                .extracting(RunRecord::state, RunRecord::leaseOwner, RunRecord::attempt).containsExactly(RunState.RUNNING, "node-1", 1);
        watermarkLock.rollback();
        watermarkLock.close();
        watermarkLock = null;

        second = InProcessNode.start(settings, "node-2");
        assertThat(stagedFiles()).as("the next node on the work directory removed what the killed one staged").isEmpty();
        Map<String, String> seen = new LinkedHashMap<>(watermarksBefore);
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Map<String, String> now = lake.watermarks("orders");
            seen.forEach((shard, cursor) -> assertThat(now.get(shard)).as("watermark of %s", shard).isGreaterThanOrEqualTo(cursor));
            seen.putAll(now);
            return runs.run(runId).orElseThrow().state().isTerminal();
        });

        RunRecord done = runs.run(runId).orElseThrow();
        assertThat(done.state()).as(done.error()).isEqualTo(RunState.SUCCEEDED);
        assertThat(done.attempt()).isEqualTo(2);
        assertThat(second.starts()).containsExactly(new InProcessNode.Start(runId, 2));
        assertThat(shardTasks(lake, runId)).as("task attempt/run attempt and state per shard").isEqualTo(Map.of(
                "shard01", List.of("1/1 SUCCEEDED"),
                "shard02", List.of("1/1 ABANDONED", "2/2 SUCCEEDED"),
                "shard03", List.of("1/2 SUCCEEDED"),
                "shard04", List.of("1/2 SUCCEEDED")));
        assertThat(lake.files()).as("the dead attempt's files are gone").doesNotContainAnyElementsOf(deadAttemptsFiles)
                .as("files readers see are those of committed shard tasks").isEqualTo(lake.committedFiles());
        List<String> inLake = lake.versions("orders");
        assertThat(new HashSet<>(inLake)).as("no row version twice in the lake").hasSameSizeAs(inLake);
        assertThat(new HashSet<>(inLake)).as("the lake holds exactly the rows below the watermarks")
                .isEqualTo(source.versionsBelow(lake.watermarks("orders"))).hasSize(4 * 80);
        Map<String, String> after = lake.watermarks("orders");
        assertThat(after.get("shard01")).as("shard01 committed before the kill and was not read again")
                .isEqualTo(watermarksBefore.get("shard01"));
        for (String shard : List.of("shard02", "shard03", "shard04")) {
            assertThat(after.get(shard)).as("watermark of %s", shard).isGreaterThan(watermarksBefore.get(shard));
        }
    }

    /** Names of the files under the nodes' shared work directory. */
    private List<String> stagedFiles() throws IOException {
        try (var paths = Files.walk(folder.resolve("work"))) {
            return paths.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).filter(n -> !n.equals(".lock")).toList();
        }
    }

    private static List<String> fileNames(List<String> keys) {
        return keys.stream().map(k -> k.substring(k.lastIndexOf('/') + 1)).toList();
    }

    /** Queues a run through the node's API, as a person would; returns its id. */
    private static String trigger(ChildNode node) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(node.uri("/api/pipelines/orders/runs"))
                .header("Authorization", TestLogins.TEST_ADMIN)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        Matcher id = RUN_ID.matcher(response.body());
        assertThat(id.find()).as(response.body()).isTrue();
        return id.group(1);
    }

    /** Shard to its tasks of the run, as "task attempt/run attempt STATE", oldest first. */
    private static Map<String, List<String>> shardTasks(LakeAudit lake, String runId) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        lake.metadata().query("SELECT shard, attempt, run_attempt, state FROM shard_run WHERE run_id = ? ORDER BY shard, attempt",
                rs -> {
                    out.computeIfAbsent(rs.getString(1), s -> new ArrayList<>())
                            .add(rs.getInt(2) + "/" + rs.getInt(3) + " " + rs.getString(4));
                }, runId);
        return out;
    }
}
