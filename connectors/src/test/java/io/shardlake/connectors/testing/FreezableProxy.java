package io.shardlake.connectors.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on a local port in front of a server that can be frozen: connections stay open but
 * no byte passes in either direction, as with a frozen server, a half-open connection or a network
 * partition. For tests of what the service does when a replica stops answering.
 */
public final class FreezableProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean frozen;
    private volatile boolean closed;

    public FreezableProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(this::accept, "proxy-accept");
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code url} with its {@code //host:port/} pointing at this proxy. */
    public String route(String url) {
        return url.replaceFirst("//[^/]+/", "//127.0.0.1:" + port() + "/");
    }

    /** From now on no byte passes; connections stay open. */
    public void freeze() {
        frozen = true;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                daemon(() -> pump(client, upstream), "proxy-up");
                daemon(() -> pump(upstream, client), "proxy-down");
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                while (frozen && !closed) {
                    Thread.sleep(10); // hold the bytes: the other side waits forever
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // a side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        sockets.forEach(FreezableProxy::closeQuietly);
    }
}
