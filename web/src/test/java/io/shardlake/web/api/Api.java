package io.shardlake.web.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP requests to the API under test, answers read as JSON. */
final class Api {

    /** One answer: status, content type and the body as JSON (a missing node for an empty body). */
    record Answer(int status, String contentType, String allow, JsonNode json, String body) {

        boolean isProblem() {
            return contentType.startsWith("application/problem+json");
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newHttpClient();
    private final int port;

    Api(int port) {
        this.port = port;
    }

    Answer get(String path) {
        return send("GET", path, null);
    }

    Answer post(String path) {
        return send("POST", path, null);
    }

    Answer postJson(String path, String json) {
        return send("POST", path, json);
    }

    Answer send(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", "application/json, application/problem+json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = r.body();
            String type = r.headers().firstValue("Content-Type").orElse("");
            JsonNode parsed = type.contains("json") && !body.isEmpty() ? JSON.readTree(body) : JSON.missingNode();
            return new Answer(r.statusCode(), type, r.headers().firstValue("Allow").orElse(""), parsed, body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
