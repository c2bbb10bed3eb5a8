package io.shardlake.connectors.testing.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time of the local database server process (mariadbd or mysqld), read from
 * {@code /proc/<pid>/stat}, so CPU per row can be shown for the server as well as the client.
 * Unknown (-1) when the server is not local or /proc is not readable.
 */
public final class ServerCpu {

    private static final long UNKNOWN = -1;

    private final Path stat;
    private final long nanosPerTick;

    private ServerCpu(Path stat, long nanosPerTick) {
        this.stat = stat;
        this.nanosPerTick = nanosPerTick;
    }

    public static ServerCpu find(MySqlEndpoint server) {
        boolean local = server.host().equals("127.0.0.1") || server.host().equals("localhost") || server.host().equals("::1");
        Path proc = Path.of("/proc");
        if (!local || !Files.isDirectory(proc)) {
            return new ServerCpu(null, 0);
        }
        try (Stream<Path> entries = Files.list(proc)) {
            Path stat = entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(ServerCpu::isDatabaseServer)
                    .map(p -> p.resolve("stat"))
                    .findFirst().orElse(null);
            return new ServerCpu(stat, 1_000_000_000L / clockTicksPerSecond());
        } catch (IOException | RuntimeException e) {
            return new ServerCpu(null, 0);
        }
    }

    private static boolean isDatabaseServer(Path process) {
        try {
            String comm = Files.readString(process.resolve("comm")).trim();
            return comm.equals("mariadbd") || comm.equals("mysqld");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static long clockTicksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    public boolean known() {
        return stat != null;
    }

    /** User plus system CPU time of the server process so far, or -1. */
    public long cpuNanos() {
        if (stat == null) {
            return UNKNOWN;
        }
        try {
            String s = Files.readString(stat);
            // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
            String[] fields = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * nanosPerTick;
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }
}
