package io.shardlake.engine.lake;

import io.shardlake.transforms.schema.Utf8;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Writes quarantined source rows as JSON lines to a local file: shard, run, primary key, cursor,
 * the reason, and the source row as read, so a person can see exactly what was wrong. The file is
 * published with the task's data files, or not at all.
 */
public final class QuarantineWriter implements AutoCloseable {

    /** One JSON document per line (JSON Lines). */
    private static final JsonFactory JSON = JsonFactory.builder().rootValueSeparator("\n").build();

    private final Path file;
    private final List<String> columns;
    private final String shard;
    private final String runId;
    private JsonGenerator out;
    private long rows;

    public QuarantineWriter(Path file, List<String> columns, String shard, String runId) {
        this.file = file;
        this.columns = List.copyOf(columns);
        this.shard = shard;
        this.runId = runId;
    }

    public void write(Object[] key, LocalDateTime cursor, String reason, Object[] row) throws IOException {
        if (out == null) {
            Files.createDirectories(file.getParent());
            out = JSON.createGenerator(ObjectWriteContext.empty(), Files.newOutputStream(file), JsonEncoding.UTF8);
        }
        out.writeStartObject();
        out.writeStringProperty("shard", shard);
        out.writeStringProperty("run_id", runId);
        out.writeName("primary_key");
        out.writeStartArray();
        for (Object k : key) {
            out.writeString(k == null ? null : text(k));
        }
        out.writeEndArray();
        out.writeStringProperty("cursor", cursor == null ? null : cursor.toString());
        out.writeStringProperty("reason", reason);
        out.writeName("row");
        out.writeStartObject();
        for (int i = 0; i < columns.size(); i++) {
            out.writeStringProperty(columns.get(i), row[i] == null ? null : text(row[i]));
        }
        out.writeEndObject();
        out.writeEndObject();
        rows++;
    }

    private static String text(Object v) {
        if (v instanceof byte[] b) {
            return Base64.getEncoder().encodeToString(b);
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return v instanceof Utf8 u ? u.toString() : v.toString();
    }

    public long rows() {
        return rows;
    }

    /** The finished file, or null when no row was quarantined. */
    public Path finish() throws IOException {
        close();
        return rows == 0 ? null : file;
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
