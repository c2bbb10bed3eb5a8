package io.shardlake.connectors.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * A {@link BinlogMariaDb} shared by several test classes (a static field of their abstract parent)
 * is started again for each later class: on a free port chosen anew, which its {@link BinlogMariaDb#server()}
 * names from then on, so integration-test JVMs running side by side never need the same port.
 */
class BinlogMariaDbIntegrationTest {

    @Test
    void startedAgainItListensOnAFreshPortAndItsServerFollows() throws Exception {
        BinlogMariaDb binlog = BinlogMariaDb.start();
        try {
            int first = binlog.port();
            assertThat(binlog.server().endpoint().port()).isEqualTo(first);
            binlog.afterAll(null); // the first class ended
            // Another process takes the old port meanwhile: starting there again would fail.
            try (ServerSocket taken = new ServerSocket(first, 1, InetAddress.getLoopbackAddress())) {
                binlog.beforeAll(null); // the next class starts

                assertThat(binlog.port()).isNotEqualTo(first);
                assertThat(binlog.server().endpoint().port()).isEqualTo(binlog.port());
                try (Connection c = binlog.server().connect(""); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT @@port, @@log_bin, @@binlog_format")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(binlog.port());
                    assertThat(rs.getBoolean(2)).as("binlog on").isTrue();
                    assertThat(rs.getString(3)).isEqualTo("ROW");
                }
            }
        } finally {
            binlog.stop();
        }
    }
}
