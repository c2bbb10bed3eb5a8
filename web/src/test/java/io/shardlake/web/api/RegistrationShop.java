package io.shardlake.web.api;

import io.shardlake.connectors.source.Shard;
import io.shardlake.engine.audit.AuditEntry;
import io.shardlake.engine.source.SourceConnection;
import io.shardlake.engine.source.SourceConnections;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The "shop" source the registration endpoints and pages read in web tests: one in-memory H2 shard
 * (MySQL mode, as the demo source) with an {@code orders} table of five rows and one malformed
 * JSON payload; and the audit entries registrations record.
 */
public final class RegistrationShop {

    /** Audit entries of the test application's registrations, in order. */
    public static final List<AuditEntry> AUDIT = new CopyOnWriteArrayList<>();
    static final String PASSWORD = "s3cret-replica-password";

    private RegistrationShop() {
    }

    static SourceConnections connections() throws SQLException {
        String url = "jdbc:h2:mem:api_shop_" + UUID.randomUUID().toString().replace("-", "")
                + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url, "reader", PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id BIGINT NOT NULL PRIMARY KEY, status VARCHAR(20) NOT NULL, amount DECIMAL(12,2),"
                    + " payload VARCHAR(2000), updated_at TIMESTAMP(3) NOT NULL)");
            s.execute("CREATE TABLE customers (id BIGINT PRIMARY KEY, email VARCHAR(100))");
            for (int i = 1; i <= 5; i++) {
                s.execute("INSERT INTO orders VALUES (" + i + ", 'paid', " + i + ".25, '{\"customer\":{\"tier\":\"gold\"},\"items\":[1," + i
                        + "]}', TIMESTAMP '2026-03-0" + i + " 08:00:00')");
            }
            s.execute("INSERT INTO orders VALUES (6, 'paid', 1, '{broken', TIMESTAMP '2026-03-06 08:00:00')");
        }
        return new SourceConnections(List.of(new SourceConnection("shop", List.of(new Shard("shard01", url)), ZoneOffset.UTC, "reader",
                PASSWORD, 2, null)));
    }
}
