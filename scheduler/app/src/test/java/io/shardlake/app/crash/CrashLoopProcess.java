package io.shardlake.app.crash;

import io.shardlake.connectors.testing.MySqlShards;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** A {@link CrashLoopNode} child process and what it printed. */
final class CrashLoopProcess {

    final Process process;
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private final Set<String> finished = ConcurrentHashMap.newKeySet();
    private final Set<String> committing = ConcurrentHashMap.newKeySet();
    private final List<String> lines = new ArrayList<>();

    private final Thread reader;

    private CrashLoopProcess(Process process) {
        this.process = process;
        reader = new Thread(this::read, "node-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts node {@code id} on {@code shards}, its lake, work folder and stop file in {@code folder}.
     *
     * @param mode the pipeline {@link CrashLoopNode} runs (its last argument)
     */
    static CrashLoopProcess start(Path folder, String id, MetadataStore metadata, MySqlShards shards, String mode) throws IOException {
        Path logConfig = folder.resolve("logback.xml");
        if (!Files.exists(logConfig)) {
            Files.writeString(logConfig, "<configuration><appender name=\"E\" class=\"ch.qos.logback.core.ConsoleAppender\">"
                    + "<target>System.err</target><encoder><pattern>%d %level %logger{20} %msg%n</pattern></encoder></appender>"
                    + "<root level=\"WARN\"><appender-ref ref=\"E\"/></root></configuration>");
        }
        // Each kill costs a node start: C1 only and the serial collector start it on less CPU (as ChildNode does),
        // which matters while other test JVMs share the cores. What a kill can interrupt is the same code.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dlogback.configurationFile=" + logConfig, "-cp", System.getProperty("java.class.path"),
                CrashLoopNode.class.getName(), metadata.url(), metadata.user(), metadata.password(),
                String.join(",", shards.shardIds().stream().map(shards::jdbcUrl).toList()), shards.user(), shards.password(),
                folder.resolve("lake").toString(), folder.resolve("work").toString(), folder.resolve("stop").toString(), id, mode));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(folder.resolve(id + ".err").toFile());
        return new CrashLoopProcess(builder.start());
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                }
                String[] parts = line.split(" ");
                switch (parts[0]) {
                    case "started" -> started.add(parts[1]);
                    case "finished" -> finished.add(parts[1]);
                    case "committing" -> committing.add(parts[1] + " " + parts[2]);
                    case "committed" -> committing.remove(parts[1] + " " + parts[2]);
                    default -> {
                    }
                }
            }
        } catch (IOException e) {
            // the process was killed
        }
    }

    /** Whether a run started and has not finished. */
    boolean running() {
        return !finished.containsAll(started);
    }

    /** Whether a shard task published its files and has not committed them (a node printing {@code committing} lines). */
    boolean betweenPublishAndCommit() {
        return !committing.isEmpty();
    }

    /** Waits until a shard task published its files and has not committed them yet. */
    void awaitBetweenPublishAndCommit(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!betweenPublishAndCommit()) {
            if (System.nanoTime() > end || !process.isAlive()) {
                throw new AssertionError("no shard task between publish and commit in " + timeout + ": " + lines);
            }
            Thread.sleep(1);
        }
    }

    void awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            synchronized (lines) {
                if (lines.stream().anyMatch(l -> l.startsWith(prefix))) {
                    return;
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("the node exited (" + process.exitValue() + "): " + lines);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no '" + prefix + "' line in " + timeout + ": " + lines);
    }

    /** Waits for a run this node queued to finish SUCCEEDED. */
    void awaitOwnSuccess(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            synchronized (lines) {
                Set<String> own = new HashSet<>();
                for (String l : lines) {
                    String[] p = l.split(" ");
                    if (p[0].equals("queued")) {
                        own.add(p[1]);
                    } else if (p[0].equals("finished") && p[2].equals("SUCCEEDED") && own.contains(p[1])) {
                        return;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no run queued after the writes succeeded in " + timeout + ": " + lines);
    }

    /** Asks the node to stop (the stop file its folder holds) and waits for it to exit. */
    boolean stop(Path folder, Duration timeout) throws IOException, InterruptedException {
        Files.createFile(folder.resolve("stop"));
        return process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
    }

    /** Kills the node, then reads what it printed to the end: {@link #running()} and the like then tell where the kill landed. */
    void kill() throws InterruptedException {
        process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally block runs
        process.waitFor(30, TimeUnit.SECONDS);
        reader.join(5_000);
    }
}
