package io.shardlake.connectors.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class TestDatabaseServerTest {

    private static final Supplier<Optional<String>> NO_DOCKER = () -> Optional.of("Testcontainers found no Docker engine");
    private static final Supplier<Optional<String>> DOCKER = Optional::empty;

    @Test
    void failsLoudlyWithWaysToGetAMySqlServerWhenNoneIsReachableAndNoDockerRuns() throws IOException {
        MySqlServer server = new MySqlServer(closedLocalPort("root"), NO_DOCKER);

        assertThatThrownBy(server::endpoint)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No MySQL-compatible server for tests")
                .hasMessageContaining("not reachable")
                .hasMessageContaining("found no Docker engine")
                .hasMessageContaining("start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd")
                .hasMessageContaining("SHARDLAKE_TEST_MYSQL_HOST, SHARDLAKE_TEST_MYSQL_PORT")
                .hasMessageContaining("mysql:8.0");
    }

    @Test
    void failsLoudlyWithWaysToGetAPostgresServerWhenNoneIsReachableAndNoDockerRuns() throws IOException {
        PostgresServer server = new PostgresServer(closedLocalPort("postgres"), NO_DOCKER);

        assertThatThrownBy(server::endpoint)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No PostgreSQL server for tests")
                .hasMessageContaining("pg_ctlcluster --skip-systemctl-redirect")
                .hasMessageContaining("SHARDLAKE_TEST_PG_HOST")
                .hasMessageContaining("postgres:15");
    }

    @Test
    void startsAContainerOnlyWhenTheLocalServerIsUnreachableAndDockerRuns() throws IOException {
        ServerEndpoint container = new ServerEndpoint("container-host", 32768, "root", "test", "container");

        assertThat(new ContainerStub(closedLocalPort("root"), DOCKER, container).endpoint()).isSameAs(container);
        ServerEndpoint reachableLocal = MySqlServer.shared().endpoint();
        assertThat(new ContainerStub(reachableLocal, DOCKER, container).endpoint()).isSameAs(reachableLocal);
    }

    @Test
    void aReachableServerThatRefusesTheLoginIsReportedNotReplacedByAContainer() {
        ServerEndpoint reachable = MySqlServer.shared().endpoint();
        ServerEndpoint wrongUser = new ServerEndpoint(reachable.host(), reachable.port(),
                "sl_no_such_user", "wrong", "local server");

        assertThatThrownBy(() -> new ContainerStub(wrongUser, DOCKER, reachable).endpoint())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refused the test login (user sl_no_such_user)")
                .hasMessageContaining("SHARDLAKE_TEST_MYSQL_USER");
    }

    /** A port nothing listens on: bound, then released. */
    private static ServerEndpoint closedLocalPort(String user) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return new ServerEndpoint("127.0.0.1", port, user, "", "local server 127.0.0.1:" + port);
    }

    /** MySQL's SQL and URLs, with a canned endpoint in place of starting a container. */
    private static final class ContainerStub extends TestDatabaseServer {
        private final MySqlServer mysql;
        private final ServerEndpoint container;

        ContainerStub(ServerEndpoint local, Supplier<Optional<String>> docker, ServerEndpoint container) {
            super("MySQL-compatible server", local, docker);
            this.mysql = new MySqlServer(local, docker);
            this.container = container;
        }

        @Override
        protected String jdbcUrl(ServerEndpoint server, String database) {
            return mysql.jdbcUrl(server, database);
        }

        @Override
        protected javax.sql.DataSource dataSource(String jdbcUrl, String user, String password) {
            return mysql.dataSource(jdbcUrl, user, password);
        }

        @Override
        protected String adminDatabase() {
            return mysql.adminDatabase();
        }

        @Override
        protected String createDatabaseSql(String name) {
            return mysql.createDatabaseSql(name);
        }

        @Override
        protected String dropDatabaseSql(String name) {
            return mysql.dropDatabaseSql(name);
        }

        @Override
        protected ServerEndpoint startContainer() {
            return container;
        }

        @Override
        protected String howToProvideAServer() {
            return mysql.howToProvideAServer();
        }
    }
}
