package io.shardlake.connectors.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.mysql.MySQLContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The only class that touches Testcontainers types, so the rest of the package loads without them.
 *
 * <p>Containers are started once per JVM and never stopped here: Testcontainers' reaper removes them
 * when the JVM exits.
 */
final class Containers {

    static final String MYSQL_IMAGE = "mysql:8.0";
    static final String POSTGRES_IMAGE = "postgres:15";

    private Containers() {
    }

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    static ServerEndpoint startMySql() {
        // root, because the extensions create and drop databases.
        MySQLContainer container = new MySQLContainer(MYSQL_IMAGE).withUsername("root").withPassword("test");
        container.start();
        return new ServerEndpoint(container.getHost(), container.getMappedPort(MySQLContainer.MYSQL_PORT),
                "root", "test", "Testcontainers " + MYSQL_IMAGE);
    }

    static ServerEndpoint startPostgres() {
        // The image's POSTGRES_USER is a superuser, so it may create and drop databases.
        PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE);
        container.start();
        return new ServerEndpoint(container.getHost(), container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT),
                container.getUsername(), container.getPassword(), "Testcontainers " + POSTGRES_IMAGE);
    }
}
