package io.shardlake.engine.history;

import io.shardlake.connectors.objectstore.ObjectStore;
import io.shardlake.engine.run.PublishedFile;
import io.shardlake.engine.run.RunRecord;
import io.shardlake.transforms.json.JsonSyntaxProblem;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A few quarantined rows of a pipeline's newest run that quarantined any, read back from the
 * published quarantine files, bounded: at most {@code limit} rows from at most
 * {@value #MAX_FILES} files, lines longer than {@value #MAX_LINE_BYTES} bytes skipped, and a file
 * is read only as far as the rows shown. A file that cannot be read is reported, not thrown.
 */
public final class QuarantineSamples {

    static final int MAX_FILES = 5;
    static final int MAX_LINE_BYTES = 64 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** @param problems files that could not be read or lines that could not be shown, with why */
    public record Result(String runId, List<QuarantineSample> samples, List<String> problems) {
        public static final Result NONE = new Result(null, List.of(), List.of());
    }

    private final ObjectStore store;
    private final RunHistory history;

    public QuarantineSamples(ObjectStore store, RunHistory history) {
        this.store = store;
        this.history = history;
    }

    /** @param newestFirst a pipeline's recent runs; the newest with quarantined rows is read */
    public Result newest(List<RunRecord> newestFirst, int limit) {
        RunRecord run = newestFirst.stream().filter(r -> r.totals().rowsQuarantined() > 0).findFirst().orElse(null);
        if (run == null || limit < 1) {
            return Result.NONE;
        }
        List<String> keys = history.files(run.id()).values().stream().flatMap(List::stream)
                .filter(f -> f.kind() == PublishedFile.Kind.QUARANTINE).map(PublishedFile::key).limit(MAX_FILES).toList();
        List<QuarantineSample> samples = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String key : keys) {
            if (samples.size() >= limit) {
                break;
            }
            try (InputStream in = new BufferedInputStream(store.open(key))) {
                read(key, in, limit, samples, problems);
            } catch (IOException | RuntimeException e) {
                problems.add(key + ": cannot be read: " + e.getMessage());
            }
        }
        return new Result(run.id(), samples, problems);
    }

    private static void read(String key, InputStream in, int limit, List<QuarantineSample> samples, List<String> problems) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean tooLong = false;
        int lineNo = 1;
        int b;
        while (samples.size() < limit && (b = in.read()) != -1) {
            if (b != '\n') {
                if (line.size() < MAX_LINE_BYTES) {
                    line.write(b);
                } else {
                    tooLong = true;
                }
                continue;
            }
            add(key, lineNo++, line, tooLong, samples, problems);
            line.reset();
            tooLong = false;
        }
        if (samples.size() < limit && line.size() > 0) {
            add(key, lineNo, line, tooLong, samples, problems);
        }
    }

    private static void add(String key, int lineNo, ByteArrayOutputStream line, boolean tooLong, List<QuarantineSample> samples,
                            List<String> problems) {
        if (tooLong) {
            problems.add(key + " line " + lineNo + ": longer than " + MAX_LINE_BYTES + " bytes, not shown");
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return;
        }
        try {
            JsonNode n = JSON.readTree(text);
            List<String> pk = new ArrayList<>();
            n.path("primary_key").forEach(v -> pk.add(v.isNull() ? null : v.asString()));
            Map<String, String> row = new LinkedHashMap<>();
            n.path("row").properties().forEach(e -> row.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asString()));
            samples.add(new QuarantineSample(n.path("run_id").asString(null), n.path("shard").asString(null), key, pk,
                    n.path("cursor").isNull() ? null : n.path("cursor").asString(null), n.path("reason").asString(null), row));
        } catch (JacksonException e) {
            problems.add(key + " line " + lineNo + ": not JSON: " + JsonSyntaxProblem.describe(e, text));
        }
    }
}
