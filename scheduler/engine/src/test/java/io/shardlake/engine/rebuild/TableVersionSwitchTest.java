package io.shardlake.engine.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.connectors.testing.SettableClock;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.metadata.JdbcRebuildStore;
import io.shardlake.engine.run.LiveVersion;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.OrdersPipeline;
import io.shardlake.engine.run.PipelinePlan;
import io.shardlake.engine.run.VersionPointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order of a switch's steps and what each place besides the lake is told (the Athena catalog
 * and the Redshift tables stand behind {@link VersionPointer}), on a local lake with Redshift:
 * prepared in its own folder before the metadata moves, shown after it in place of the version it
 * replaces, repaired once by the next run when the show failed, on any node.
 */
class TableVersionSwitchTest {

    @TempDir
    Path warehouse;

    private final PipelineDefinition v1 = OrdersPipeline.definition("shop", 0.01);
    private final PipelineDefinition v2 = RebuildIntegrationTest.edited(v1);
    private final List<String> told = new CopyOnWriteArrayList<>();
    private volatile boolean showFails;
    private final VersionPointer pointers = new VersionPointer() {
        @Override
        public void prepare(PipelinePlan version, boolean fresh) {
            told.add("prepare " + describe(version) + (fresh ? " fresh" : " kept"));
        }

        @Override
        public void show(PipelinePlan version, int previous) {
            if (showFails) {
                throw new IllegalStateException("redshift: connection refused");
            }
            told.add("show " + describe(version) + " in place of v" + previous);
        }

        @Override
        public void drop(PipelinePlan version) {
            told.add("drop " + describe(version));
        }
    };
    private JdbcRebuildStore store;
    private SettableClock clock;
    private LocalObjectStore lake;

    @BeforeEach
    void versionOneLiveAndVersionTwoBuilt() throws Exception {
        store = new JdbcRebuildStore(MetadataDatabases.h2("switch" + System.nanoTime()));
        clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));
        lake = new LocalObjectStore(warehouse);
        Files.createDirectories(warehouse.resolve("orders/dt=2026-11-30"));
        Files.createDirectories(warehouse.resolve("orders__v2/dt=2026-11-30"));
        Instant now = clock.instant();
        store.create(new Rebuild("r1", "orders", 2, 1, v2.version(), List.of("shard01"), 1, null, RebuildState.ACTIVE, now, now, null),
                List.of(new TableVersion("orders", 1, v1.version(), "orders", TableVersion.State.LIVE, null, now, now, null),
                        new TableVersion("orders", 2, v2.version(), "orders", TableVersion.State.BUILDING, "r1", now, null, null)),
                List.of());
        assertThat(store.changeState("r1", java.util.Set.of(RebuildState.ACTIVE), RebuildState.SWITCHING, null, now)).isTrue();
    }

    private TableVersionSwitch node() {
        Map<String, PipelineDefinition> stored = Map.of(v1.version(), v1, v2.version(), v2);
        return new TableVersionSwitch(store, lake, pointers, (p, v) -> Optional.ofNullable(stored.get(v)), clock);
    }

    @Test
    void eachPlaceIsPreparedBeforeTheMetadataAndShownAfterInPlaceOfTheVersionItReplaces() throws Exception {
        TableVersionSwitch node = node();

        node.makeLive("r1", "switch-run");
        assertThat(told).containsExactly("prepare v2 " + v2.version() + " in orders__v2 fresh", "show v2 " + v2.version()
                + " in orders__v2 in place of v1");
        assertThat(lake.pointedFolder("orders")).isEqualTo("orders__v2");
        // every run asks: known shown, nothing more is said
        assertThat(node.pointAtLiveVersion("orders", "orders")).isEqualTo(new LiveVersion("orders", 2, "orders", true));
        assertThat(told).hasSize(2);

        told.clear();
        clock.advance(Duration.ofMinutes(1));
        node.switchBack("orders", 2, 1);
        assertThat(told).containsExactly("prepare v1 " + v1.version() + " in orders__v1 kept", "show v1 " + v1.version()
                + " in orders__v1 in place of v2");

        told.clear();
        node.dropElsewhere(store.versions("orders").get(1));
        assertThat(told).containsExactly("drop v2 " + v2.version() + " in orders__v2");
    }

    @Test
    void aShowThatFailedAfterTheMetadataIsRepairedOnceByTheNextRunOnAnyNode() throws Exception {
        showFails = true;
        assertThatThrownBy(() -> node().makeLive("r1", "switch-run")).hasMessageContaining("connection refused");
        assertThat(store.versions("orders")).filteredOn(v -> v.state() == TableVersion.State.LIVE)
                .extracting(TableVersion::version).containsExactly(2);
        showFails = false;
        told.clear();

        TableVersionSwitch other = node(); // another node: it never showed anything
        other.pointAtLiveVersion("orders", "orders");
        other.pointAtLiveVersion("orders", "orders");

        assertThat(told).containsExactly("show v2 " + v2.version() + " in orders__v2 in place of v1");
    }

    @Test
    void aFailedPreparationChangesNothing() {
        VersionPointer refusing = new VersionPointer() {
            @Override
            public void prepare(PipelinePlan version, boolean fresh) {
                throw new IllegalStateException("athena: AccessDeniedException");
            }

            @Override
            public void show(PipelinePlan version, int previous) {
                told.add("show");
            }

            @Override
            public void drop(PipelinePlan version) {
            }
        };
        TableVersionSwitch node = new TableVersionSwitch(store, lake, refusing, (p, v) -> Optional.of(v2), clock);

        assertThatThrownBy(() -> node.makeLive("r1", "switch-run")).hasMessageContaining("AccessDeniedException");

        assertThat(store.versions("orders")).filteredOn(v -> v.state() == TableVersion.State.LIVE)
                .extracting(TableVersion::version).containsExactly(1);
        assertThat(told).isEmpty();
    }

    private static String describe(PipelinePlan plan) {
        return "v" + plan.live().version() + " " + plan.definition().version() + " in " + plan.live().folder();
    }
}
