package io.shardlake.web.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real HTTP requests to the service under test, answers read as JSON. {@code new Api(port)} logs
 * in as {@link TestUsers#ADMIN} over HTTP Basic; {@link #as} as another user, {@link #anonymous}
 * as nobody, {@link #withAuthorization} with any {@code Authorization} header; {@link #from} sends the
 * requests as from another client address (a proxy's {@code X-Forwarded-For}).
 */
public final class Api {

    /** One answer: status, content type and the body as JSON (a missing node for an empty body). */
    public record Answer(int status, String contentType, String allow, JsonNode json, String body, HttpHeaders headers) {

        public boolean isProblem() {
            return contentType.startsWith("application/problem+json");
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newHttpClient();
    private final int port;
    private final String authorization;
    private final String forwardedFor;

    public Api(int port) {
        this(port, TestUsers.basic(TestUsers.ADMIN));
    }

    private Api(int port, String authorization) {
        this(port, authorization, null);
    }

    private Api(int port, String authorization, String forwardedFor) {
        this.port = port;
        this.authorization = authorization;
        this.forwardedFor = forwardedFor;
    }

    /**
     * The same credentials, the requests as from {@code clientAddress}: the service sees that as the
     * client when it trusts the proxy header ({@code server.forward-headers-strategy=native}).
     */
    public Api from(String clientAddress) {
        return new Api(port, authorization, clientAddress);
    }

    public static Api as(int port, String user) {
        return new Api(port, TestUsers.basic(user));
    }

    public static Api anonymous(int port) {
        return new Api(port, null);
    }

    public static Api withAuthorization(int port, String authorization) {
        return new Api(port, authorization);
    }

    public Answer get(String path) {
        return send("GET", path, null);
    }

    public Answer post(String path) {
        return send("POST", path, null);
    }

    public Answer postJson(String path, String json) {
        return send("POST", path, json);
    }

    /** A GET that accepts {@code accept} instead of JSON, as curl's {@code *}{@code /*}. */
    public Answer get(String path, String accept) {
        return send("GET", path, null, accept);
    }

    public Answer send(String method, String path, String json) {
        return send(method, path, json, "application/json, application/problem+json");
    }

    private Answer send(String method, String path, String json, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", accept)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        try {
            HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = r.body();
            String type = r.headers().firstValue("Content-Type").orElse("");
            JsonNode parsed = type.contains("json") && !body.isEmpty() ? JSON.readTree(body) : JSON.missingNode();
            return new Answer(r.statusCode(), type, r.headers().firstValue("Allow").orElse(""), parsed, body, r.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
