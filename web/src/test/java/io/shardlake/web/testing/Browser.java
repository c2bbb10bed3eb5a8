package io.shardlake.web.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The pages as a browser uses them, over real HTTP: a cookie jar (the session), no automatic
 * redirects (tests look at them), and form posts that carry the CSRF token of the last page read.
 * {@link #loggedIn} logs in through the login form like a person; {@link #from} browses as from
 * another client address (a proxy's {@code X-Forwarded-For}).
 */
public final class Browser {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

    private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final int port;
    private final String forwardedFor;
    private String csrf;

    public Browser(int port) {
        this(port, null);
    }

    private Browser(int port, String forwardedFor) {
        this.port = port;
        this.forwardedFor = forwardedFor;
    }

    /** A browser whose requests come as from {@code clientAddress} (see {@link Api#from}). */
    public static Browser from(int port, String clientAddress) {
        return new Browser(port, clientAddress);
    }

    /** A browser whose session is logged in as the test user (see {@link TestUsers}). */
    public static Browser loggedIn(int port, String user) {
        Browser b = new Browser(port);
        HttpResponse<String> answer = b.logIn(user, TestUsers.password(user));
        if (answer.statusCode() != 302 || answer.headers().firstValue("Location").orElse("").contains("error")) {
            throw new IllegalStateException("login of " + user + " failed: " + answer.statusCode() + " " + answer.headers().map());
        }
        b.get("/login"); // logging in replaces the session's CSRF token: read the new one
        return b;
    }

    /** Reads the login page (for its CSRF token) and posts the form. */
    public HttpResponse<String> logIn(String user, String password) {
        get("/login");
        return post("/login", Map.of("username", user, "password", password));
    }

    public HttpResponse<String> get(String path) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path)).GET());
        Matcher m = CSRF.matcher(r.body());
        if (m.find()) {
            csrf = m.group(1) != null ? m.group(1) : m.group(2);
        }
        return r;
    }

    /** A form post with the CSRF token of the last page read. */
    public HttpResponse<String> post(String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (csrf != null) {
            all.put("_csrf", csrf);
        }
        return postWithout(path, all);
    }

    /** A form post exactly as given: no CSRF token unless among the fields. */
    public HttpResponse<String> postWithout(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        try {
            return client.send(request.header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
