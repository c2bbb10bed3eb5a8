package io.shardlake.connectors.testing.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * This JVM's own GC log, read back while it runs: every pause with its duration and the heap in
 * use right after it. The JVM must be started with {@value #OPTION_EXAMPLE} (any file, {@code %p}
 * for the pid is understood); the {@code timemillis} decorator stamps each line with
 * {@code System.currentTimeMillis()}, so pauses can be placed in a span of wall-clock time.
 */
public final class GcLog {

    public static final String OPTION_EXAMPLE = "-Xlog:gc:file=<path>/gc-%p.log:timemillis:filecount=0";

    /** A pause that ended at {@code endMillis} (epoch), with the heap in use after it. */
    public record Pause(long endMillis, double millis, long heapAfterBytes) {
    }

    /**
     * {@code [1733535600123ms] GC(4) Pause Young (Normal) (G1 Evacuation Pause) 44M->28M(64M) 16.886ms}, as every
     * collector logs its pauses at {@code gc=info} (Young, Mixed, Full, Remark, Cleanup).
     */
    private static final Pattern PAUSE = Pattern.compile(
            "^\\[(\\d{12,})ms\\].*\\bPause\\b.*?\\d+[KMG]->(\\d+)([KMG])\\(\\d+[KMG]\\)\\s+([0-9.]+)ms\\s*$");

    private final Path file;

    private GcLog(Path file) {
        this.file = file;
    }

    /** The GC log this JVM writes, as named by its {@code -Xlog} option; empty when it writes none we can read. */
    public static Optional<GcLog> ofThisJvm() {
        long pid = ProcessHandle.current().pid();
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .map(arg -> fileOf(arg, pid))
                .flatMap(Optional::stream)
                .findFirst()
                .map(GcLog::new);
    }

    /** The file of an {@code -Xlog:gc...:file=...:timemillis...} option (selectors:output:decorators:options). */
    static Optional<Path> fileOf(String jvmArgument, long pid) {
        if (!jvmArgument.startsWith("-Xlog:")) {
            return Optional.empty();
        }
        String[] parts = jvmArgument.substring("-Xlog:".length()).split(":");
        if (parts.length < 3 || Stream.of(parts[0].split(",")).noneMatch(s -> s.startsWith("gc"))
                || !parts[1].startsWith("file=") || Stream.of(parts[2].split(",")).noneMatch(d -> d.equals("timemillis") || d.equals("tm"))) {
            return Optional.empty();
        }
        String path = parts[1].substring("file=".length()).replace("\"", "");
        return path.contains("%t") ? Optional.empty() : Optional.of(Path.of(path.replace("%p", Long.toString(pid))));
    }

    public Path file() {
        return file;
    }

    /** The pauses that ended within [fromMillis, toMillis] (epoch milliseconds), in log order. */
    public List<Pause> pauses(long fromMillis, long toMillis) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.map(GcLog::parse)
                    .flatMap(Optional::stream)
                    .filter(p -> p.endMillis() >= fromMillis && p.endMillis() <= toMillis)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the GC log " + file, e);
        }
    }

    static Optional<Pause> parse(String line) {
        Matcher m = PAUSE.matcher(line);
        if (!m.matches()) {
            return Optional.empty(); // another event, or a line the JVM is still writing
        }
        return Optional.of(new Pause(Long.parseLong(m.group(1)), Double.parseDouble(m.group(4)),
                Long.parseLong(m.group(2)) * unit(m.group(3))));
    }

    private static long unit(String suffix) {
        return switch (suffix.toUpperCase(Locale.ROOT)) {
            case "K" -> 1L << 10;
            case "M" -> 1L << 20;
            default -> 1L << 30;
        };
    }
}
