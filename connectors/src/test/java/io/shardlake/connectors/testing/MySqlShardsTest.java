package io.shardlake.connectors.testing;

import static io.shardlake.connectors.testing.Jdbc.execute;
import static io.shardlake.connectors.testing.Jdbc.firstColumn;
import static io.shardlake.connectors.testing.Jdbc.queryString;
import static io.shardlake.connectors.testing.Jdbc.queryStrings;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MySqlShardsTest {

    @RegisterExtension
    static MySqlShards shards = MySqlShards.create(12);

    @Test
    void namesTwelveShardsFromShard01ToShard12() {
        assertThat(shards.shardIds()).hasSize(12).startsWith("shard01", "shard02").endsWith("shard12");
        assertThat(shards.jdbcUrls()).hasSize(12);
    }

    @Test
    void createsOneFreshDatabasePerShardNamedAfterTheTestClass() throws SQLException {
        List<String> names = shards.databaseNames();
        String prefix = names.get(0).substring(0, names.get(0).length() - "_s01".length());

        assertThat(prefix).matches("sl_msst_[a-z0-9]{6}");
        assertThat(names).containsExactly(
                prefix + "_s01", prefix + "_s02", prefix + "_s03", prefix + "_s04", prefix + "_s05", prefix + "_s06",
                prefix + "_s07", prefix + "_s08", prefix + "_s09", prefix + "_s10", prefix + "_s11", prefix + "_s12");
        assertThat(existingDatabasesLike(prefix + "%")).containsExactlyInAnyOrderElementsOf(names);
    }

    @Test
    void eachUrlConnectsWithTheGivenCredentialsToItsOwnShardDatabase() throws SQLException {
        for (int i = 0; i < shards.count(); i++) {
            String url = shards.jdbcUrls().get(i);
            assertThat(url).contains("useSSL=false", "allowPublicKeyRetrieval=true", "characterEncoding=UTF-8");
            try (Connection connection = DriverManager.getConnection(url, shards.user(), shards.password())) {
                assertThat(queryString(connection, "SELECT DATABASE()")).isEqualTo(shards.databaseNames().get(i));
            }
        }
    }

    @Test
    void executeOnAllRunsTheStatementInEveryShard() throws SQLException {
        shards.executeOnAll("CREATE TABLE on_all (id BIGINT PRIMARY KEY)");

        for (String shardId : shards.shardIds()) {
            try (Connection connection = shards.connection(shardId)) {
                assertThat(queryString(connection, "SELECT COUNT(*) FROM on_all")).isEqualTo("0");
            }
        }
    }

    @Test
    void rowsWrittenToOneShardStayInThatShard() throws SQLException {
        shards.executeOnAll("CREATE TABLE isolated (id BIGINT PRIMARY KEY)");
        shards.execute("shard03", "INSERT INTO isolated VALUES (1)");

        try (Connection s03 = shards.connection("shard03"); Connection s04 = shards.connection("shard04")) {
            assertThat(queryString(s03, "SELECT COUNT(*) FROM isolated")).isEqualTo("1");
            assertThat(queryString(s04, "SELECT COUNT(*) FROM isolated")).isEqualTo("0");
        }
    }

    @Test
    void dataSourcesStoreFourByteUnicodeUnchanged() throws SQLException {
        String text = "Ótimo 👍 Zoë 请";
        try (Connection connection = shards.dataSource("shard12").getConnection()) {
            execute(connection, "CREATE TABLE texts (id BIGINT PRIMARY KEY, body VARCHAR(50) NOT NULL)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO texts VALUES (1, ?)")) {
                insert.setString(1, text);
                insert.executeUpdate();
            }
            assertThat(queryString(connection, "SELECT body FROM texts")).isEqualTo(text);
        }
    }

    @Test
    void leavesTheSessionTimeZoneToTheServer() throws SQLException {
        try (Connection connection = shards.connection("shard01")) {
            assertThat(queryString(connection, "SELECT @@session.time_zone = @@global.time_zone")).isEqualTo("1");
            // Offsets work everywhere; named zones need time zone tables MariaDB here does not have.
            execute(connection, "SET time_zone = '+00:00'");
            assertThat(queryString(connection, "SELECT @@session.time_zone")).isEqualTo("+00:00");
        }
    }

    @Test
    void keepsTheMillisecondsOfADatetimeBoundAsText() throws SQLException {
        // The test JVM runs in America/Sao_Paulo; text binding involves no zone and no driver rounding.
        try (Connection connection = shards.connection("shard02")) {
            execute(connection, "CREATE TABLE stamps (id BIGINT PRIMARY KEY, at DATETIME(3) NOT NULL)");
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO stamps VALUES (1, ?), (2, CAST(? AS DATETIME(3)))")) {
                insert.setString(1, "2026-11-23 23:59:59.999");
                insert.setString(2, "2026-11-24 00:00:00.001");
                insert.executeUpdate();
            }
            assertThat(queryStrings(connection, "SELECT CAST(at AS CHAR) FROM stamps ORDER BY id"))
                    .containsExactly("2026-11-23 23:59:59.999", "2026-11-24 00:00:00.001");
        }
    }

    static List<String> existingDatabasesLike(String pattern) throws SQLException {
        try (Connection connection = MySqlServer.shared().connect("");
             PreparedStatement query = connection.prepareStatement(
                     "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE ?")) {
            query.setString(1, pattern);
            return firstColumn(query.executeQuery());
        }
    }
}
