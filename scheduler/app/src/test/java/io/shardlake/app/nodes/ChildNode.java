package io.shardlake.app.nodes;

import io.shardlake.app.ShardlakeApplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A service node in a JVM of its own, started from this test's class path with
 * {@code java -cp ... ShardlakeApplication}, so that it can die the way a machine or an OOM killer
 * ends a process: SIGKILL, with no shutdown hook, no handing runs back, no closing connections.
 */
public final class ChildNode implements AutoCloseable {

    private final String id;
    private final Process process;
    private final Path log;
    private final int port;

    private ChildNode(String id, Process process, Path log, int port) {
        this.id = id;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    public static ChildNode start(NodeSettings settings, String nodeId, Path log) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-Duser.timezone=" + System.getProperty("user.timezone"),
                "-cp", System.getProperty("java.class.path"), ShardlakeApplication.class.getName()));
        command.addAll(List.of(settings.forNode(nodeId).set("server.port", port).args()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ChildNode(nodeId, process, log, port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public String id() {
        return id;
    }

    /** Waits until the node answers its health check; fails with its log if it died or took too long. */
    public void awaitUp(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new AssertionError("node " + id + " exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                if (http.send(HttpRequest.newBuilder(uri("/actuator/health")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep waiting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("node " + id + " did not come up within " + timeout + ":\n" + logTail());
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** SIGKILL (what {@link Process#destroyForcibly()} sends on Linux); returns the exit status once it is gone. */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("node " + id + " is still alive 30 s after SIGKILL");
        }
        return process.exitValue();
    }

    /**
     * SIGTERM, as Kubernetes stops a pod: the node hands its runs back and exits. Returns how long
     * the stop took; fails if the node is still alive after {@code timeout}.
     */
    public Duration stop(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("node " + id + " is still alive " + timeout + " after SIGTERM:\n" + logTail());
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** The last lines the node logged, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
