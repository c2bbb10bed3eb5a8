package io.shardlake.engine.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.engine.current.CurrentTables;
import io.shardlake.engine.current.CurrentTables.Bucket;
import io.shardlake.engine.run.MetadataDatabases;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every metadata database must do for current-state tables (V21): one writer per table by
 * lease, files recorded before they are published, and the switch to a new generation as one
 * compare-and-set transaction. One subclass per database, on the production migrations; each test
 * has a table of its own.
 */
abstract class CurrentTablesContract {

    private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");
    private static final Map<Class<?>, DataSource> DATABASES = new ConcurrentHashMap<>();

    private CurrentTables tables;
    private String table;

    protected abstract DataSource dataSource();

    @BeforeEach
    void setUp() {
        tables = new JdbcCurrentTables(DATABASES.computeIfAbsent(getClass(), c -> MetadataDatabases.migrated(dataSource())));
        table = "t_" + UUID.randomUUID().toString().substring(0, 8) + "_current";
    }

    @Test
    void oneWriterHoldsTheLeaseUntilItReleasesItOrItRunsOut() {
        assertThat(tables.acquire(table, "a", AT, AT.plusSeconds(60))).isTrue();
        assertThat(tables.acquire(table, "b", AT.plusSeconds(30), AT.plusSeconds(90))).isFalse();
        assertThat(tables.acquire(table, "a", AT.plusSeconds(30), AT.plusSeconds(90))).as("renewed by its holder").isTrue();
        assertThat(tables.acquire(table, "b", AT.plusSeconds(91), AT.plusSeconds(151))).as("run out").isTrue();
        tables.release(table, "a");
        assertThat(tables.acquire(table, "c", AT.plusSeconds(92), AT.plusSeconds(152))).as("a no longer holds it").isFalse();
        tables.release(table, "b");
        assertThat(tables.acquire(table, "c", AT.plusSeconds(92), AT.plusSeconds(152))).isTrue();
        assertThat(tables.state(table)).isEqualTo(new CurrentTables.State(0, 0, null));
    }

    @Test
    void aCommitSwapsTheBucketsAndTheFilesStatesInOneCompareAndSet() {
        tables.acquire(table, "a", AT, AT.plusSeconds(60));
        tables.recordPending(table, "a", 1, List.of("x/g1/s1-b1.parquet", "x/g1/s1-b2.parquet"));
        assertThat(tables.pendingFiles(table)).hasSize(2);
        Bucket b1 = new Bucket(1, "shard01", null, "x/g1/s1-b1.parquet", 10, 100);
        Bucket b2 = new Bucket(2, "shard01", "shard01\u001f500", "x/g1/s1-b2.parquet", 12, 120);
        assertThat(tables.commit(table, "a", 1, "run-1", List.of(), List.of(b1, b2), AT)).isTrue();
        assertThat(tables.pendingFiles(table)).isEmpty();
        assertThat(tables.buckets(table)).containsExactly(b1, b2);
        assertThat(tables.state(table)).isEqualTo(new CurrentTables.State(1, 0, "run-1"));

        tables.recordPending(table, "a", 2, List.of("x/g2/s1-b3.parquet"));
        Bucket b3 = new Bucket(3, "shard01", "shard01\u001f500", "x/g2/s1-b3.parquet", 13, 130);
        assertThat(tables.commit(table, "a", 1, "run-2", List.of(b2), List.of(b3), AT)).as("generation 1 is taken").isFalse();
        assertThat(tables.commit(table, "b", 2, "run-2", List.of(b2), List.of(b3), AT)).as("b holds no lease").isFalse();
        assertThat(tables.buckets(table)).containsExactly(b1, b2);
        assertThat(tables.commit(table, "a", 2, "run-2", List.of(b2), List.of(b3), AT)).isTrue();
        assertThat(tables.buckets(table)).containsExactly(b1, b3);
        assertThat(tables.retiredBefore(table, AT, 10)).as("within the grace").isEmpty();
        assertThat(tables.retiredBefore(table, AT.plusMillis(1), 10)).containsExactly("x/g1/s1-b2.parquet");

        tables.manifestWritten(table, 2);
        tables.manifestWritten(table, 1);
        assertThat(tables.state(table).manifestGeneration()).as("never goes back").isEqualTo(2);
    }

    @Test
    void aDroppedTableIsForgottenWholeAndOthersKeepTheirs() {
        String other = table + "_other";
        for (String t : List.of(table, other)) {
            tables.acquire(t, "a", AT, AT.plusSeconds(60));
            tables.recordPending(t, "a", 1, List.of(t + "/g1/s1-b1.parquet", t + "/g1/s1-b2.parquet"));
            tables.commit(t, "a", 1, "run-1", List.of(), List.of(new Bucket(1, "shard01", null, t + "/g1/s1-b1.parquet", 1, 1)), AT);
            tables.release(t, "a");
        }
        tables.drop(table);
        tables.drop(table);
        assertThat(tables.buckets(table)).isEmpty();
        assertThat(tables.pendingFiles(table)).isEmpty();
        assertThat(tables.acquire(table, "b", AT, AT.plusSeconds(60))).as("free, and new").isTrue();
        assertThat(tables.state(table)).isEqualTo(new CurrentTables.State(0, 0, null));
        assertThat(tables.buckets(other)).hasSize(1);
        assertThat(tables.pendingFiles(other)).containsExactly(other + "/g1/s1-b2.parquet");
        assertThat(tables.state(other).generation()).isEqualTo(1);
    }

    @Test
    void filesAreRecordedOnlyByTheLeaseHolderAndForgottenOnRequest() {
        tables.acquire(table, "a", AT, AT.plusSeconds(60));
        assertThatThrownBy(() -> tables.recordPending(table, "b", 1, List.of("x/g1/f.parquet")))
                .hasMessageContaining("lease on current table " + table + " was taken over by a");
        tables.recordPending(table, "a", 1, List.of("x/g1/f.parquet"));
        tables.forget(table, List.of("x/g1/f.parquet"));
        assertThat(tables.pendingFiles(table)).isEmpty();
    }
}
