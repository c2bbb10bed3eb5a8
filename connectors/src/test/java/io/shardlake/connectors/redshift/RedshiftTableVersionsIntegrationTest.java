package io.shardlake.connectors.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A rebuilt table version swapped in under the table's name on the local PostgreSQL (the same SQL
 * as on Redshift): both renames in one transaction, so a reader sees the old rows or the new ones
 * and never a missing table; repeating a swap changes nothing; a swap that cannot finish leaves
 * the live table as it was.
 */
class RedshiftTableVersionsIntegrationTest {

    @RegisterExtension
    final RedshiftTestSchema db = new RedshiftTestSchema();

    private RedshiftTableVersions versions;

    @BeforeEach
    void twoVersions() throws Exception {
        versions = new RedshiftTableVersions(db.dataSource(), db.name());
        db.execute("CREATE TABLE " + db.name() + ".orders (order_id BIGINT, note VARCHAR(100))");
        db.execute("INSERT INTO " + db.name() + ".orders VALUES (1, 'version 1')");
        db.execute("CREATE TABLE " + db.name() + ".orders__v2 (order_id BIGINT, amount VARCHAR(100))");
        db.execute("INSERT INTO " + db.name() + ".orders__v2 VALUES (1, 'version 2')");
    }

    @Test
    void theNewVersionTakesTheNameAndTheOldOneIsKeptBesideIt() throws Exception {
        assertThat(versions.swap("orders", "orders__v1", "orders__v2")).isTrue();

        assertThat(db.rows("SELECT order_id, amount FROM " + db.name() + ".orders")).containsExactly("1|version 2");
        assertThat(db.rows("SELECT order_id, note FROM " + db.name() + ".orders__v1")).containsExactly("1|version 1");
        assertThat(versions.exists("orders__v2")).isFalse();
        // repeated (a switch run retried, a later run repairing): nothing changes
        assertThat(versions.swap("orders", "orders__v1", "orders__v2")).isFalse();
        assertThat(db.rows("SELECT amount FROM " + db.name() + ".orders")).containsExactly("version 2");
        // a rollback swaps back
        assertThat(versions.swap("orders", "orders__v2", "orders__v1")).isTrue();
        assertThat(db.rows("SELECT note FROM " + db.name() + ".orders")).containsExactly("version 1");
        assertThat(db.rows("SELECT amount FROM " + db.name() + ".orders__v2")).containsExactly("version 2");
    }

    @Test
    void aReaderWaitingDuringTheSwapSeesTheNewTableNeverNone() throws Exception {
        try (Connection reader = db.connection(); Connection holder = db.connection()) {
            // a reader inside a transaction holds the live table: the swap waits for it, then both renames land at once
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("SELECT count(*) FROM " + db.name() + ".orders");
            }
            CompletableFuture<Boolean> swap = CompletableFuture.supplyAsync(() -> versions.swap("orders", "orders__v1", "orders__v2"));
            Thread.sleep(300);
            assertThat(swap).isNotDone();
            CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
                try (Statement s = reader.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM " + db.name() + ".orders")) {
                    r.next();
                    return r.getMetaData().getColumnName(2) + "=" + r.getString(2);
                } catch (Exception e) {
                    return e.getMessage();
                }
            });
            Thread.sleep(300);
            holder.commit();
            assertThat(swap.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(read.get(10, TimeUnit.SECONDS)).isIn("note=version 1", "amount=version 2");
        }
    }

    @Test
    void aSwapThatCannotKeepTheOldTableChangesNothing() throws Exception {
        db.execute("CREATE TABLE " + db.name() + ".orders__v1 (order_id BIGINT)");

        assertThatThrownBy(() -> versions.swap("orders", "orders__v1", "orders__v2")).isInstanceOf(RedshiftLoadException.class)
                .hasMessageContaining("\"orders__v1\"").hasMessageContaining("exists already");

        assertThat(db.rows("SELECT note FROM " + db.name() + ".orders")).containsExactly("version 1");
        assertThat(versions.exists("orders__v2")).isTrue();
    }

    @Test
    void aKeptVersionIsDroppedAndDroppingAgainIsNoError() throws Exception {
        versions.swap("orders", "orders__v1", "orders__v2");

        versions.drop("orders__v1");
        versions.drop("orders__v1");

        assertThat(versions.exists("orders__v1")).isFalse();
        assertThat(db.rows("SELECT amount FROM " + db.name() + ".orders")).containsExactly("version 2");
    }
}
