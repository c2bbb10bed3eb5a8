package io.shardlake.app.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two services in one JVM, each on its own metadata database, as the Spring test-context cache or
 * a test starting nodes in-process has them: each one's Quartz must keep using its own database.
 * (Spring's job store registers its DataSource in Quartz's JVM-wide registry under the scheduler's
 * name, which is the same for every node: the context started last used to take over every one.)
 */
class NodesOnTwoDatabasesInOneJvmTest {

    @TempDir
    Path folder;

    private InProcessNode a;
    private InProcessNode b;

    @AfterEach
    void stopNodes() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void eachNodesQuartzKeepsCheckingInToItsOwnDatabase() throws IOException {
        a = InProcessNode.start(node("a"), "node-a");
        b = InProcessNode.start(node("b"), "node-b");
        long bStarted = System.currentTimeMillis();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(lastCheckIn("a", "node-a"))
                .as("node-a checks in to its database after node-b started").isGreaterThan(bStarted + 1000));
        assertThat(instances("b")).containsExactly("node-b");
        assertThat(instances("a")).containsExactly("node-a");
    }

    private NodeSettings node(String name) throws IOException {
        Files.createDirectories(folder.resolve(name).resolve("definitions"));
        return NodeSettings.on(url(name), "sa", "", folder.resolve(name))
                .set("spring.quartz.properties.org.quartz.jobStore.clusterCheckinInterval", 300);
    }

    private String url(String name) {
        return "jdbc:h2:file:" + folder.resolve(name).resolve("metadata") + ";WRITE_DELAY=0";
    }

    private JdbcTemplate metadata(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url(name));
        ds.setUser("sa");
        return new JdbcTemplate(ds);
    }

    private List<String> instances(String name) {
        return metadata(name).queryForList("SELECT INSTANCE_NAME FROM QRTZ_SCHEDULER_STATE", String.class);
    }

    private long lastCheckIn(String name, String instance) {
        return metadata(name).queryForObject("SELECT LAST_CHECKIN_TIME FROM QRTZ_SCHEDULER_STATE WHERE INSTANCE_NAME = ?", Long.class,
                instance);
    }
}
