package io.shardlake.engine.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.sink.SinkDeliveries.Pending;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The delivery ledger on the production migrations (H2): order, idempotent adds, failures kept, old deliveries forgotten. */
class JdbcSinkDeliveriesTest {

    private final JdbcSinkDeliveries ledger = new JdbcSinkDeliveries(MetadataDatabases.h2("sinkledger" + System.nanoTime()));
    private final Instant t0 = Instant.parse("2026-12-02T07:00:00Z");

    @Test
    void pendingRunsComeOldestFirstUntilDeliveredAndAFailureKeepsThemPending() {
        ledger.add("athena", "orders", "run-2", false, t0.plusSeconds(60));
        ledger.add("athena", "orders", "run-1", true, t0);
        ledger.add("athena", "orders", "run-1", true, t0.plusSeconds(120)); // a take-over adds it again
        ledger.add("redshift", "orders", "run-1", true, t0);

        assertThat(ledger.pending("athena", "orders")).containsExactly(new Pending("run-1", true, 0), new Pending("run-2", false, 0));

        ledger.failed("athena", "run-1", "throttled");
        ledger.delivered("athena", "run-2", t0.plusSeconds(180));
        assertThat(ledger.pending("athena", "orders")).containsExactly(new Pending("run-1", true, 1));
        assertThat(ledger.pending("redshift", "orders")).extracting(Pending::runId).containsExactly("run-1");
    }

    @Test
    void deliveriesOlderThanTheRetentionAreForgottenAndPendingOnesNever() {
        ledger.add("athena", "orders", "old", false, t0);
        ledger.add("athena", "orders", "recent", false, t0);
        ledger.add("athena", "orders", "waiting", false, t0);
        ledger.delivered("athena", "old", t0.plusSeconds(10));
        ledger.delivered("athena", "recent", t0.plusSeconds(1000));

        assertThat(ledger.forgetDelivered(t0.plusSeconds(500), 1000)).isEqualTo(1);
        assertThat(ledger.forgetDelivered(t0.plusSeconds(500), 1000)).isZero();
        assertThat(ledger.pending("athena", "orders")).extracting(Pending::runId).containsExactly("waiting");
        ledger.add("athena", "orders", "old", false, t0.plusSeconds(2000));
        assertThat(ledger.pending("athena", "orders")).as("a forgotten run added again is new work").extracting(Pending::runId)
                .containsExactly("waiting", "old");
    }
}
