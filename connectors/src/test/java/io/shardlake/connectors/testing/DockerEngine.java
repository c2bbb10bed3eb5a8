package io.shardlake.connectors.testing;

import java.util.Optional;

/**
 * Whether Testcontainers can start containers here.
 *
 * <p>Checks that Testcontainers is on the classpath before touching any of its classes: modules
 * that use these extensions through the connectors test-jar do not inherit its test-scoped
 * dependencies.
 */
final class DockerEngine {

    private DockerEngine() {
    }

    /** Empty when containers can be started, otherwise why not. */
    static Optional<String> unavailableReason() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, DockerEngine.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return Optional.of("Testcontainers is not on this module's test classpath"
                    + " (add org.testcontainers:testcontainers-mysql / testcontainers-postgresql as test dependencies)");
        }
        return Containers.dockerAvailable()
                ? Optional.empty()
                : Optional.of("Testcontainers found no Docker engine");
    }
}
