package io.shardlake.app;

import sun.misc.Signal;

/**
 * Under {@code ./mvnw spring-boot:run} a stop is a SIGTERM: Maven's run goal sends one when the
 * service takes more than five seconds to stop after Ctrl-C, or when Maven itself is stopped. The
 * JVM then exits with 143 after its graceful shutdown, which the goal reports as
 * "Process terminated with exit code: 143" and BUILD FAILURE (it takes only 0 and 130 as a normal
 * end). With {@value #PROPERTY}{@code =true} (set for the run goal in the app's pom) SIGTERM
 * stops the service as {@code System.exit(0)} does: the same shutdown hooks, Spring's graceful
 * close included, then exit code 0. Elsewhere ({@code java -jar}, containers) SIGTERM keeps the
 * JVM's 143, which supervisors expect.
 */
final class SigtermExit {

    static final String PROPERTY = "shardlake.sigterm-exits-zero";

    private SigtermExit() {
    }

    static void installIfRequested() {
        if (Boolean.getBoolean(PROPERTY)) {
            // System.exit runs the shutdown hooks as the JVM's own SIGTERM handler would, with another status.
            Signal.handle(new Signal("TERM"), signal -> System.exit(0));
        }
    }
}
