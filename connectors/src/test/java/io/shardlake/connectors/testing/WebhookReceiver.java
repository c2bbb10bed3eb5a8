package io.shardlake.connectors.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on a free local port that records every request it receives, for tests of
 * webhook alerts: the JDK's own {@code com.sun.net.httpserver}, no mock.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** What arrived: method, path, Content-Type and body. */
    public record Request(String method, String path, String contentType, String body) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(run -> {
        Thread t = new Thread(run, "webhook-receiver");
        t.setDaemon(true);
        return t;
    });
    private final BlockingQueue<Request> received = new LinkedBlockingQueue<>();
    private final List<Request> all = new ArrayList<>();
    private volatile int status = 200;
    private volatile CountDownLatch hold = new CountDownLatch(0);

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                Request r = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Content-Type"), new String(body, StandardCharsets.UTF_8));
                synchronized (receiver.all) {
                    receiver.all.add(r);
                }
                receiver.received.add(r);
                try {
                    receiver.hold.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponseHeaders(receiver.status, -1);
                exchange.close();
            });
            server.setExecutor(receiver.threads);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL of {@code path} on this server, e.g. {@code url("/hooks/orders")}. */
    public URI url(String path) {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + path);
    }

    /** Answers every later request with this status. */
    public void answerWith(int status) {
        this.status = status;
    }

    /** Keeps every later request waiting, unanswered, until {@link #release()}: a webhook that hangs. */
    public void holdAnswers() {
        hold = new CountDownLatch(1);
    }

    public void release() {
        hold.countDown();
    }

    /** The next request not yet taken, waiting at most {@code timeout}; null when none arrived. */
    public Request next(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Every request received so far, in order. */
    public List<Request> requests() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        threads.shutdownNow();
    }
}
