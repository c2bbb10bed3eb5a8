package io.shardlake.connectors.testing;

import static io.shardlake.connectors.testing.Jdbc.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs sample test classes through the JUnit engine to watch the databases come and go.
 * The samples are static nested classes, which Surefire does not pick up on its own.
 */
class ClassScopedDatabasesLifecycleTest {

    /** Database names each sample saw while its tests ran. */
    static final Set<List<String>> seen = ConcurrentHashMap.newKeySet();

    @Test
    void shardDatabasesExistWhileTheClassRunsAndAreDroppedAfterItsLastTest() throws SQLException {
        seen.clear();

        runSample(SampleWithShards.class).assertStatistics(stats -> stats.started(3).succeeded(3));

        assertThat(seen).as("outer and @Nested tests share one set of databases").hasSize(1);
        List<String> names = seen.iterator().next();
        assertThat(names).hasSize(3);
        for (String name : names) {
            assertThat(MySqlShardsTest.existingDatabasesLike(name)).as(name).isEmpty();
        }
    }

    @Test
    void postgresDatabaseIsDroppedAfterTheClassEvenWithAConnectionLeftOpen() throws SQLException {
        seen.clear();

        runSample(SamplePostgresLeakingAConnection.class).assertStatistics(stats -> stats.succeeded(1));

        String name = seen.iterator().next().get(0);
        try (Connection admin = PostgresServer.shared().connect("postgres")) {
            assertThat(queryString(admin, "SELECT COUNT(*) FROM pg_database WHERE datname = '" + name + "'"))
                    .isEqualTo("0");
        }
    }

    @Test
    void anExtensionOnAnInstanceFieldFailsTestsWithAHintInsteadOfRunningWithoutDatabases() {
        runSample(SampleOnInstanceField.class).assertThatEvents()
                .haveExactly(1, finishedWithFailure(message(m -> m.contains("register it on a static field"))));
    }

    private static Events runSample(Class<?> sample) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(sample)).execute().testEvents();
    }

    static class SampleWithShards {

        @RegisterExtension
        static MySqlShards shards = MySqlShards.create(3);

        @Test
        void first() throws SQLException {
            recordExistingDatabases();
        }

        @Test
        void second() throws SQLException {
            recordExistingDatabases();
        }

        @Nested
        class Inner {
            @Test
            void nested() throws SQLException {
                recordExistingDatabases();
            }
        }

        private static void recordExistingDatabases() throws SQLException {
            for (String name : shards.databaseNames()) {
                assertThat(MySqlShardsTest.existingDatabasesLike(name)).containsExactly(name);
            }
            seen.add(shards.databaseNames());
        }
    }

    static class SamplePostgresLeakingAConnection {

        @RegisterExtension
        static PostgresDatabase database = PostgresDatabase.create();

        @Test
        @SuppressWarnings("resource")
        void leaksAConnection() throws SQLException {
            database.connection(); // never closed, on purpose
            seen.add(List.of(database.databaseName()));
        }
    }

    static class SampleOnInstanceField {

        @RegisterExtension
        MySqlDatabase database = MySqlDatabase.create();

        @Test
        void needsTheDatabase() {
            database.databaseName();
        }
    }
}
