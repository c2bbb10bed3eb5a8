package io.shardlake.connectors.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A MariaDB server with its binlog on (row format), started for one test class as its own process
 * on a free port with its own data directory (no Docker needed), stopped by its PID after the class.
 * Register it before the databases on it:
 *
 * <pre>{@code
 * @RegisterExtension
 * static BinlogMariaDb binlog = BinlogMariaDb.start();
 * @RegisterExtension
 * static MySqlShards shards = MySqlShards.on(binlog.server(), 1);
 * }</pre>
 *
 * <p>Needs {@code mariadb-install-db} and {@code mariadbd} on the path (Debian: package
 * {@code mariadb-server}); run as root it starts the server as user {@code mysql}.
 */
public final class BinlogMariaDb implements BeforeAllCallback, AfterAllCallback {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** Attempts at a start, each on another free port: another process may take a port between its choice and the server's bind. */
    private static final int START_ATTEMPTS = 3;

    private final MySqlServer server;
    private volatile int port;
    private volatile Path dataDir;
    private volatile Process process;

    private BinlogMariaDb(int port) {
        this.port = port;
        this.server = new MySqlServer(endpoint(port), () -> java.util.Optional.of("the binlog MariaDB of this test class is not reachable"));
    }

    private static ServerEndpoint endpoint(int port) {
        return new ServerEndpoint("127.0.0.1", port, "root", "", "binlog MariaDB 127.0.0.1:" + port);
    }

    /** Installs a fresh data directory and starts the server on a free port; fails loudly when it cannot. */
    public static BinlogMariaDb start() {
        BinlogMariaDb db = new BinlogMariaDb(freePort());
        Runtime.getRuntime().addShutdownHook(new Thread(db::stop));
        db.launch();
        return db;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for a MariaDB: " + e, e);
        }
    }

    /**
     * A static field of an abstract test class is one instance for all its subclasses, and the
     * first subclass's {@link #afterAll} stopped the server: each later one gets a fresh server, on
     * a free port chosen anew (what {@link #server()} names from then on) and a fresh data directory,
     * so that test classes running at the same time in other JVMs never meet on one port.
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        if (!process.isAlive()) {
            moveToFreePort();
            launch();
        }
    }

    private void moveToFreePort() {
        port = freePort();
        server.relocate(endpoint(port));
    }

    /** Starts the server on {@link #port}, or, when that port was taken meanwhile, on another free one. */
    private void launch() {
        for (int attempt = 1; ; attempt++) {
            try {
                launchOnce();
                return;
            } catch (PortTakenException e) {
                deleteDataDir();
                if (attempt == START_ATTEMPTS) {
                    throw new IllegalStateException("could not start a MariaDB with its binlog on: " + e.getMessage(), e);
                }
                moveToFreePort();
            }
        }
    }

    private void launchOnce() {
        try {
            Path dir = Files.createTempDirectory("shardlake-binlog-");
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                run(List.of("chown", "mysql", dir.toString()));
            }
            run(List.of("mariadb-install-db", "--no-defaults", "--datadir=" + dir, "--user=" + (root ? "mysql" : System.getProperty("user.name")),
                    "--auth-root-authentication-method=normal"));
            List<String> command = new ArrayList<>(List.of("mariadbd", "--no-defaults", "--datadir=" + dir, "--port=" + port,
                    "--bind-address=127.0.0.1", "--socket=" + dir.resolve("s.sock"), "--log-bin=" + dir.resolve("binlog"),
                    "--binlog-format=ROW", "--server-id=1", "--innodb-buffer-pool-size=32M", "--skip-name-resolve"));
            if (root) {
                command.add("--user=mysql");
            }
            dataDir = dir;
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
            awaitUp();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("could not start a MariaDB with its binlog on (needs mariadb-install-db and mariadbd): " + e, e);
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    private void awaitUp() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = Files.readString(dataDir.resolve("server.log"));
                if (log.contains("Address already in use")) {
                    throw new PortTakenException("port " + port + " was taken before mariadbd bound it: " + log);
                }
                throw new IOException("mariadbd exited: " + log);
            }
            try (Socket s = new Socket("127.0.0.1", port); Connection c = connection("")) {
                return;
            } catch (IOException | SQLException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IOException("mariadbd did not answer on port " + port + " within " + START_TIMEOUT);
    }

    /** The server, for {@link MySqlShards#on}. */
    public MySqlServer server() {
        return server;
    }

    public int port() {
        return port;
    }

    public Connection connection(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/" + database + "?" + MySqlServer.URL_PARAMETERS, "root", "");
    }

    /** Runs statements as root (PURGE BINARY LOGS, FLUSH BINARY LOGS, SET GLOBAL ...). */
    public void execute(String... sql) throws SQLException {
        try (Connection c = connection(""); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    /**
     * Starts a new binlog file and purges every older one, as a server whose retention ran out does;
     * waits (at most 10 s) while a follower that just disconnected still holds an old file.
     */
    public void purgeAllButCurrent() throws SQLException, InterruptedException {
        execute("FLUSH BINARY LOGS");
        try (Connection c = connection(""); Statement s = c.createStatement()) {
            String current;
            try (var rs = s.executeQuery("SHOW MASTER STATUS")) {
                rs.next();
                current = rs.getString(1);
            }
            for (int i = 0; i < 50; i++) {
                s.execute("PURGE BINARY LOGS TO '" + current + "'");
                try (var rs = s.executeQuery("SHOW BINARY LOGS")) {
                    rs.next();
                    if (rs.getString(1).equals(current)) {
                        return;
                    }
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("older binlog files are still in use after 10 s; not purged");
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /** Stops the server by its PID and removes its data directory. */
    public void stop() {
        Process p = process;
        if (p == null || dataDir == null) {
            return; // never started
        }
        if (p.isAlive()) {
            p.destroy();
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deleteDataDir();
    }

    private void deleteDataDir() {
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind
        }
    }

    /** mariadbd could not bind its port: another process took it after {@link #freePort()} chose it. */
    private static final class PortTakenException extends RuntimeException {
        PortTakenException(String message) {
            super(message);
        }
    }
}
