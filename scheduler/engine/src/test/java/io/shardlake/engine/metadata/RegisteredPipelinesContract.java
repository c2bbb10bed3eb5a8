package io.shardlake.engine.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.engine.definition.RegisteredDefinitions;
import io.shardlake.engine.registration.PipelineVersion;
import io.shardlake.engine.registration.RegisteredPipelineStore;
import io.shardlake.engine.registration.VersionConflictException;
import io.shardlake.engine.run.MetadataDatabases;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every metadata database must do for registered pipeline versions (V7's
 * {@code registered_pipeline_version}); one subclass per database runs it on the production migrations.
 */
abstract class RegisteredPipelinesContract {

    private static final Instant AT = Instant.parse("2026-11-23T12:00:00.123Z");
    private static final Map<Class<?>, DataSource> DATABASES = new ConcurrentHashMap<>();

    private RegisteredPipelineStore store;
    private String pipeline;

    protected abstract DataSource dataSource();

    @BeforeEach
    void setUp() {
        store = new JdbcRegisteredPipelines(DATABASES.computeIfAbsent(getClass(), c -> MetadataDatabases.migrated(dataSource())));
        pipeline = "p_" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void everyVersionIsKeptWithItsAuthorTimeAndComment() {
        String text = "name: " + pipeline + "\n# ünïcode kept\n";
        RegisteredPipelineStore.Saved first = store.save(pipeline, text, "ana", "first", AT, 0);
        RegisteredPipelineStore.Saved second = store.save(pipeline, text + "description: two\n", "bob", null, AT.plusSeconds(60), 1);

        assertThat(first.created()).isTrue();
        assertThat(second.version().version()).isEqualTo(2);
        assertThat(store.versions(pipeline)).containsExactly(
                new PipelineVersion(pipeline, 1, text, "ana", AT, "first"),
                new PipelineVersion(pipeline, 2, text + "description: two\n", "bob", AT.plusSeconds(60), ""));
        assertThat(store.version(pipeline, 1)).contains(first.version());
        assertThat(store.version(pipeline, 3)).isEmpty();
        assertThat(store.latestVersion(pipeline)).contains(second.version());
        assertThat(store.versions("never_registered")).isEmpty();
    }

    @Test
    void savingTheSameTextAgainIsANoOp() {
        store.save(pipeline, "name: a\n", "ana", "", AT, 0);
        String before = store.changeToken();

        RegisteredPipelineStore.Saved again = store.save(pipeline, "name: a\n", "bob", "nothing changed", AT.plusSeconds(5), null);

        assertThat(again.created()).isFalse();
        assertThat(again.version().version()).isEqualTo(1);
        assertThat(again.version().author()).isEqualTo("ana");
        assertThat(store.versions(pipeline)).hasSize(1);
        assertThat(store.changeToken()).isEqualTo(before);
    }

    @Test
    void anOutdatedBaseVersionOrATakenNameIsAConflictAndSavesNothing() {
        store.save(pipeline, "v1", "ana", "", AT, 0);
        store.save(pipeline, "v2", "bob", "", AT, 1);

        assertThatThrownBy(() -> store.save(pipeline, "v3", "carl", "", AT, 1)).isInstanceOf(VersionConflictException.class)
                .hasMessageContaining("version 2 was saved by bob");
        assertThatThrownBy(() -> store.save(pipeline, "new", "carl", "", AT, 0)).isInstanceOf(VersionConflictException.class)
                .hasMessageContaining("already registered");
        assertThat(store.versions(pipeline)).hasSize(2);
    }

    @Test
    void concurrentSavesOfOnePipelineNeverGetTheSameVersion() throws Exception {
        store.save(pipeline, "base", "ana", "", AT, 0);
        int writers = 4;
        CyclicBarrier start = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String text = "edit " + i;
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        return store.save(pipeline, text, "w", "", AT, null).created();
                    } catch (VersionConflictException e) {
                        return false;
                    }
                }));
            }
            int created = 0;
            for (Future<Boolean> r : results) {
                created += r.get() ? 1 : 0;
            }
            List<PipelineVersion> versions = store.versions(pipeline);
            assertThat(versions).extracting(PipelineVersion::version).doesNotHaveDuplicates();
            assertThat(versions).hasSize(1 + created);
            assertThat(created).isGreaterThanOrEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theCatalogReadsTheLatestVersionOfEachPipelineAndTheTokenMovesOnEverySave() {
        String other = pipeline + "_b";
        String token = store.changeToken();
        store.save(pipeline, "one", "ana", "", AT, 0);
        String afterFirst = store.changeToken();
        store.save(pipeline, "two", "ana", "", AT, 1);
        store.save(other, "only", "ana", "", AT, 0);

        assertThat(afterFirst).isNotEqualTo(token);
        assertThat(store.changeToken()).isNotEqualTo(afterFirst);
        assertThat(store.latest()).filteredOn(l -> l.pipeline().startsWith(pipeline)).containsExactly(
                new RegisteredDefinitions.Latest(pipeline, 2, "two"), new RegisteredDefinitions.Latest(other, 1, "only"));
    }
}
