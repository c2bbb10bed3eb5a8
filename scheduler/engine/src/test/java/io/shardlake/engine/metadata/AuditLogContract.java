package io.shardlake.engine.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.engine.audit.AuditEntry;
import io.shardlake.engine.audit.AuditPage;
import io.shardlake.engine.audit.AuditQuery;
import io.shardlake.engine.audit.AuditRecord;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.connectors.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every metadata database must do for the audit log (V6's {@code audit_event}); one subclass
 * per database runs it on the production migrations. Each test uses subjects and actors of its own.
 */
abstract class AuditLogContract {

    private static final Instant AT = Instant.parse("2026-11-23T12:00:00.123Z");
    private static final Map<Class<?>, DataSource> DATABASES = new ConcurrentHashMap<>();

    private SettableClock clock;
    private JdbcAuditLog log;
    private String pipeline;
    private String ana;

    protected abstract DataSource dataSource();

    @BeforeEach
    void setUp() {
        DataSource ds = DATABASES.computeIfAbsent(getClass(), c -> MetadataDatabases.migrated(dataSource()));
        clock = new SettableClock(AT);
        log = new JdbcAuditLog(ds, clock);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        pipeline = "p_" + tag;
        ana = "ana_" + tag;
    }

    @Test
    void entriesAreReadNewestFirstWithTheClocksTime() {
        log.record(new AuditEntry(ana, "pipeline.pause", pipeline, ""));
        clock.advance(Duration.ofSeconds(5));
        log.record(new AuditEntry(ana, "pipeline.resume", pipeline, "2 catch-up run(s) queued"));

        List<AuditRecord> entries = log.read(new AuditQuery(ana, null, null, null, 10)).entries();

        assertThat(entries).extracting(AuditRecord::action).containsExactly("pipeline.resume", "pipeline.pause");
        assertThat(entries.get(0).at()).isEqualTo(AT.plusSeconds(5));
        assertThat(entries.get(1).at()).isEqualTo(AT);
        assertThat(entries.get(0).detail()).isEqualTo("2 catch-up run(s) queued");
        assertThat(entries.get(1).detail()).as("no detail is stored as empty").isEmpty();
        assertThat(entries.get(0).subject()).isEqualTo(pipeline);
    }

    @Test
    void pagesGoOnFromTheLastEntrySeenUntilTheOldest() {
        for (int i = 0; i < 7; i++) {
            log.record(new AuditEntry(ana, "pipeline.trigger", pipeline, "run " + i));
        }
        List<String> seen = new ArrayList<>();
        Long before = null;
        int pages = 0;
        do {
            AuditPage page = log.read(new AuditQuery(null, null, pipeline, before, 3));
            page.entries().forEach(e -> seen.add(e.detail()));
            before = page.nextBeforeId();
            pages++;
        } while (before != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("run 6", "run 5", "run 4", "run 3", "run 2", "run 1", "run 0");
    }

    @Test
    void aFullLastPageSaysThereIsNoOlderPage() {
        for (int i = 0; i < 3; i++) {
            log.record(new AuditEntry(ana, "pipeline.trigger", pipeline, "run " + i));
        }
        AuditPage page = log.read(new AuditQuery(null, null, pipeline, null, 3));

        assertThat(page.entries()).hasSize(3);
        assertThat(page.nextBeforeId()).isNull();
    }

    @Test
    void filtersByActorActionAndSubjectCombine() {
        String bob = ana.replace("ana", "bob");
        String other = pipeline + "_other";
        log.record(new AuditEntry(ana, "pipeline.pause", pipeline, ""));
        log.record(new AuditEntry(bob, "pipeline.pause", pipeline, ""));
        log.record(new AuditEntry(ana, "pipeline.trigger", pipeline, ""));
        log.record(new AuditEntry(ana, "pipeline.pause", other, ""));

        assertThat(log.read(new AuditQuery(ana, "pipeline.pause", pipeline, null, 10)).entries()).hasSize(1)
                .allSatisfy(e -> assertThat(e.actor()).isEqualTo(ana));
        assertThat(log.read(new AuditQuery(null, null, pipeline, null, 10)).entries()).hasSize(3);
        assertThat(log.read(new AuditQuery(ana, null, null, null, 10)).entries()).extracting(AuditRecord::subject)
                .containsExactly(other, pipeline, pipeline);
        assertThat(log.read(new AuditQuery(bob, " ", "", null, 10)).entries()).as("blank filters match anything").hasSize(1);
    }

    @Test
    void longTextInAnyScriptIsKeptClipped() {
        String detail = "backfill ✓ ошибка 🚨 ".repeat(100);

        log.record(new AuditEntry(ana, "backfill.start", pipeline, detail));

        AuditRecord stored = log.read(new AuditQuery(ana, null, null, null, 1)).entries().get(0);
        assertThat(stored.detail()).hasSize(1000).startsWith("backfill ✓ ошибка 🚨 ").endsWith("...");
    }

    @Test
    void aPageIsBounded() {
        assertThatThrownBy(() -> new AuditQuery(null, null, null, null, AuditQuery.MAX_LIMIT + 1))
                .hasMessage("limit: must be between 1 and 500, was 501");
        assertThatThrownBy(() -> new AuditQuery(null, null, null, 0L, 10)).hasMessageStartingWith("before: ");
    }
}
