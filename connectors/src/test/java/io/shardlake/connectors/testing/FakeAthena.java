package io.shardlake.connectors.testing;

import io.shardlake.connectors.athena.AthenaColumn;
import io.shardlake.connectors.athena.ExistingTable;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The test double of the remote Athena API: a local HTTP server answering the AWS JSON 1.1
 * protocol ({@code X-Amz-Target: AmazonAthena.<Operation>}) for the operations the connector
 * uses. It records every request and statement; it can be told to fail queries, to leave them
 * running, and which tables exist.
 */
public final class FakeAthena implements AutoCloseable {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** A request as received: the operation and its JSON body, nested objects as maps. */
    public record Request(String operation, Map<String, Object> body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> statementsById = new ConcurrentHashMap<>();
    private final Map<String, Integer> pollsById = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final List<String> neverFinishing = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, Object>> tables = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile int pollsBeforeDone = 1;

    public FakeAthena() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Queries whose text contains {@code fragment} end FAILED with {@code reason} as StateChangeReason. */
    public void failQueriesContaining(String fragment, String reason) {
        failures.put(fragment, reason);
    }

    /** Queries succeed again (after {@link #failQueriesContaining}): Athena is back. */
    public void stopFailing() {
        failures.clear();
    }

    /** Queries whose text contains {@code fragment} stay RUNNING until stopped. */
    public void neverFinishQueriesContaining(String fragment) {
        neverFinishing.add(fragment);
    }

    /** How many GetQueryExecution calls report RUNNING before the final state. */
    public void pollsBeforeDone(int polls) {
        this.pollsBeforeDone = polls;
    }

    /** Reports {@code table} in ListTableMetadata, as Athena does once it exists. */
    public void existingTable(ExistingTable table) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("Name", table.name());
        metadata.put("TableType", table.type());
        metadata.put("Columns", columns(table.columns()));
        metadata.put("PartitionKeys", columns(table.partitionKeys()));
        metadata.put("Parameters", new LinkedHashMap<>(table.parameters()));
        tables.put(table.name(), metadata);
    }

    /** Every statement started, in order. */
    public List<String> statements() {
        return requests.stream().filter(r -> r.operation().equals("StartQueryExecution"))
                .map(r -> (String) r.body().get("QueryString")).toList();
    }

    public List<Request> requests(String operation) {
        return requests.stream().filter(r -> r.operation().equals(operation)).toList();
    }

    private static List<Map<String, Object>> columns(List<AthenaColumn> columns) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (AthenaColumn c : columns) {
            list.add(Map.of("Name", c.name(), "Type", c.type()));
        }
        return list;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
            Map<String, Object> body = parse(exchange.getRequestBody());
            requests.add(new Request(operation, body));
            Object answer = switch (operation) {
                case "StartQueryExecution" -> start(body);
                case "GetQueryExecution" -> get((String) body.get("QueryExecutionId"));
                case "StopQueryExecution" -> Map.of();
                case "ListTableMetadata" -> list((String) body.get("Expression"), (String) body.get("NextToken"));
                default -> null;
            };
            if (answer == null) {
                respond(exchange, 400, Map.of("__type", "InvalidRequestException", "Message", "unknown operation " + target));
            } else {
                respond(exchange, 200, answer);
            }
        }
    }

    private Map<String, Object> start(Map<String, Object> body) {
        String id = "q-" + ids.incrementAndGet();
        statementsById.put(id, (String) body.get("QueryString"));
        return Map.of("QueryExecutionId", id);
    }

    private Map<String, Object> get(String id) {
        String statement = statementsById.get(id);
        int polls = pollsById.merge(id, 1, Integer::sum);
        Map<String, Object> status = new LinkedHashMap<>();
        boolean stopped = requests(("StopQueryExecution")).stream().anyMatch(r -> id.equals(r.body().get("QueryExecutionId")));
        if (stopped) {
            status.put("State", "CANCELLED");
            status.put("StateChangeReason", "Query was cancelled by user");
        } else if (polls <= pollsBeforeDone || neverFinishing.stream().anyMatch(statement::contains)) {
            status.put("State", "RUNNING");
        } else {
            String reason = failures.entrySet().stream().filter(f -> statement.contains(f.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            status.put("State", reason == null ? "SUCCEEDED" : "FAILED");
            if (reason != null) {
                status.put("StateChangeReason", reason);
            }
        }
        return Map.of("QueryExecution", Map.of("QueryExecutionId", id, "Query", statement, "StatementType", "DDL",
                "Status", status));
    }

    /** Athena matches Expression as a regex anywhere in the name; pages of one table, as a small MaxResults would. */
    private Map<String, Object> list(String expression, String nextToken) {
        List<Object> found = new ArrayList<>();
        tables.keySet().stream().sorted().forEach(name -> {
            if (expression == null || name.matches(".*" + expression + ".*")) {
                found.add(tables.get(name));
            }
        });
        int page = nextToken == null ? 0 : Integer.parseInt(nextToken);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("TableMetadataList", found.isEmpty() ? List.of() : List.of(found.get(page)));
        if (page + 1 < found.size()) {
            answer.put("NextToken", Integer.toString(page + 1));
        }
        return answer;
    }

    private static Map<String, Object> parse(InputStream in) throws IOException {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), text)) {
            p.nextToken();
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) value(p);
            return map;
        }
    }

    private static Object value(JsonParser p) {
        JsonToken token = p.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, Object> map = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                p.nextToken();
                map.put(name, value(p));
            }
            return map;
        }
        if (token == JsonToken.START_ARRAY) {
            List<Object> list = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                list.add(value(p));
            }
            return list;
        }
        return token == JsonToken.VALUE_NULL ? null : p.getString();
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
            write(g, body);
        }
        byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void write(JsonGenerator g, Object value) {
        if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            map.forEach((k, v) -> {
                g.writeName((String) k);
                write(g, v);
            });
            g.writeEndObject();
        } else if (value instanceof List<?> list) {
            g.writeStartArray();
            list.forEach(v -> write(g, v));
            g.writeEndArray();
        } else if (value == null) {
            g.writeNull();
        } else {
            g.writeString(value.toString());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
