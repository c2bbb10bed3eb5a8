package io.shardlake.engine.registration;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes a {@link PipelineDraft} as the YAML text of a definition, in the shape of the files in
 * {@code dag-definitions/}: sections in the documented order, one flow mapping per column and JSON
 * field. The same draft always gives the same text, so an unchanged form saves no new version.
 * Any draft gives valid YAML (every scalar that could be misread is double-quoted), so the
 * parser, not the writer, reports what is wrong, and {@link Document#formField(String)} maps each
 * reported field back to the form.
 */
public final class DraftYaml {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$.\\-]*");
    private static final Pattern PLAIN_TEXT = Pattern.compile("[A-Za-z][A-Za-z0-9 _.,;()/+'-]*[A-Za-z0-9.)]|[A-Za-z]");
    private static final Set<String> RESERVED = Set.of("true", "false", "yes", "no", "on", "off", "null", "y", "n");

    private DraftYaml() {
    }

    /**
     * The YAML text and where each of its list entries came from in the draft (left-out columns
     * and JSON columns with no ticked field shift the positions).
     */
    public record Document(String yaml, List<Integer> columnOrigins, List<Integer> jsonOrigins, List<List<Integer>> fieldOrigins) {

        private static final Pattern COLUMN = Pattern.compile("transform\\.columns\\[(\\d+)](.*)");
        private static final Pattern JSON_FIELD = Pattern.compile("transform\\.json\\[(\\d+)]\\.fields\\[(\\d+)](.*)");
        private static final Pattern JSON = Pattern.compile("transform\\.json\\[(\\d+)](.*)");
        private static final Map<String, String> FIELDS = new LinkedHashMap<>();

        static {
            FIELDS.put("name", "name");
            FIELDS.put("description", "description");
            FIELDS.put("schedule", "schedule");
            FIELDS.put("schedule_zone", "scheduleZone");
            FIELDS.put("source", "connection");
            FIELDS.put("source.connection", "connection");
            FIELDS.put("source.table", "table");
            FIELDS.put("source.cursor", "cursor");
            FIELDS.put("transform", "columns");
            FIELDS.put("transform.columns", "columns");
            FIELDS.put("partition", "partitionColumn");
            FIELDS.put("partition.column", "partitionColumn");
            FIELDS.put("partition.granularity", "partitionGranularity");
            FIELDS.put("target.table", "targetTable");
            FIELDS.put("target.compression", "compression");
            FIELDS.put("target.file_size_mb", "fileSizeMb");
            FIELDS.put("target.redshift", "redshift");
            FIELDS.put("quarantine.max_fraction", "quarantineMaxFraction");
        }

        /** The form field of a definition field, e.g. {@code transform.columns[1].from} -> {@code columns[3].source}. */
        public String formField(String definitionField) {
            String direct = FIELDS.get(definitionField);
            if (direct != null) {
                return direct;
            }
            if (definitionField.startsWith("source.primary_key")) {
                return "primaryKey";
            }
            if (definitionField.startsWith("transform.dedupe_key")) {
                return "dedupeKey";
            }
            Matcher m = COLUMN.matcher(definitionField);
            if (m.matches()) {
                int at = Integer.parseInt(m.group(1));
                String rest = m.group(2).equals(".from") ? ".source" : m.group(2);
                return at < columnOrigins.size() ? "columns[" + columnOrigins.get(at) + "]" + rest : "columns";
            }
            m = JSON_FIELD.matcher(definitionField);
            if (m.matches()) {
                int json = Integer.parseInt(m.group(1));
                int field = Integer.parseInt(m.group(2));
                if (json < jsonOrigins.size() && field < fieldOrigins.get(json).size()) {
                    return "json[" + jsonOrigins.get(json) + "].fields[" + fieldOrigins.get(json).get(field) + "]" + m.group(3);
                }
                return "json";
            }
            m = JSON.matcher(definitionField);
            if (m.matches()) {
                int json = Integer.parseInt(m.group(1));
                return json < jsonOrigins.size() ? "json[" + jsonOrigins.get(json) + "]" + m.group(2) : "json";
            }
            return definitionField;
        }
    }

    public static Document write(PipelineDraft d) {
        StringBuilder y = new StringBuilder();
        line(y, "", "name", plain(d.name()));
        line(y, "", "description", text(d.description()));
        line(y, "", "schedule", blank(d.schedule()) ? null : quoted(d.schedule().trim()));
        line(y, "", "schedule_zone", plain(d.scheduleZone()));

        section(y, "source", s -> {
            line(s, "  ", "connection", plain(d.connection()));
            line(s, "  ", "table", plain(d.table()));
            line(s, "  ", "cursor", plain(d.cursor()));
            line(s, "  ", "primary_key", d.primaryKey().isEmpty() ? null : list(d.primaryKey()));
        });

        List<Integer> columnOrigins = new ArrayList<>();
        List<Integer> jsonOrigins = new ArrayList<>();
        List<List<Integer>> fieldOrigins = new ArrayList<>();
        section(y, "transform", t -> {
            t.append("  columns:");
            List<String> columns = new ArrayList<>();
            for (int i = 0; i < d.columns().size(); i++) {
                PipelineDraft.Column c = d.columns().get(i);
                if (!c.included()) {
                    continue;
                }
                columnOrigins.add(i);
                String name = blank(c.name()) ? c.source() : c.name().trim();
                Map<String, String> entry = new LinkedHashMap<>();
                entry.put("name", plain(name));
                entry.put("from", name != null && name.equals(c.source()) ? null : plain(c.source()));
                entry.put("type", plain(lower(c.type())));
                columns.add("    - " + flow(entry) + "\n");
            }
            t.append(columns.isEmpty() ? " []\n" : "\n").append(String.join("", columns));
            List<String> json = new ArrayList<>();
            for (int j = 0; j < d.json().size(); j++) {
                PipelineDraft.Json entry = d.json().get(j);
                if (!entry.hasIncludedFields()) {
                    continue;
                }
                jsonOrigins.add(j);
                List<Integer> origins = new ArrayList<>();
                StringBuilder block = new StringBuilder("    - column: ").append(plain(entry.column())).append("\n      fields:\n");
                for (int f = 0; f < entry.fields().size(); f++) {
                    PipelineDraft.JsonField field = entry.fields().get(f);
                    if (!field.included()) {
                        continue;
                    }
                    origins.add(f);
                    Map<String, String> m = new LinkedHashMap<>();
                    m.put("name", plain(field.name()));
                    m.put("path", plain(field.path()));
                    m.put("type", plain(lower(field.type())));
                    String function = lower(field.function());
                    m.put("function", function == null || function.equals("value") ? null : plain(function));
                    block.append("        - ").append(flow(m)).append("\n");
                }
                fieldOrigins.add(origins);
                json.add(block.toString());
            }
            if (!json.isEmpty()) {
                t.append("  json:\n").append(String.join("", json));
            }
            line(t, "  ", "dedupe_key", d.dedupeKey() == null ? null : list(d.dedupeKey()));
        });

        section(y, "partition", p -> {
            line(p, "  ", "column", plain(d.partitionColumn()));
            line(p, "  ", "granularity", plain(lower(d.partitionGranularity())));
        });
        section(y, "target", t -> {
            line(t, "  ", "table", plain(d.targetTable()));
            line(t, "  ", "compression", plain(lower(d.compression())));
            line(t, "  ", "file_size_mb", d.fileSizeMb() == null ? null : d.fileSizeMb().toString());
            line(t, "  ", "redshift", Boolean.TRUE.equals(d.redshift()) ? "true" : null);
        });
        section(y, "quarantine", q -> line(q, "  ", "max_fraction",
                d.quarantineMaxFraction() == null || d.quarantineMaxFraction().isNaN() || d.quarantineMaxFraction().isInfinite() ? null
                        : BigDecimal.valueOf(d.quarantineMaxFraction()).stripTrailingZeros().toPlainString()));
        return new Document(y.toString(), columnOrigins, jsonOrigins, fieldOrigins);
    }

    /** A section with a blank line before it, left out when it has no field at all. */
    private static void section(StringBuilder y, String name, Consumer<StringBuilder> body) {
        StringBuilder b = new StringBuilder();
        body.accept(b);
        if (b.length() > 0) {
            y.append("\n").append(name).append(":\n").append(b);
        }
    }

    private static void line(StringBuilder y, String indent, String key, String value) {
        if (value != null) {
            y.append(indent).append(key).append(": ").append(value).append("\n");
        }
    }

    private static String flow(Map<String, String> entries) {
        return entries.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ", "{", "}"));
    }

    private static String list(List<String> items) {
        return items.stream().map(i -> i == null ? "null" : plainOrQuoted(i.trim())).collect(Collectors.joining(", ", "[", "]"));
    }

    /** Null for a blank value (the field is left out, and the parser applies its default or says it is required). */
    private static String plain(String value) {
        return blank(value) ? null : plainOrQuoted(value.trim());
    }

    private static String plainOrQuoted(String value) {
        return PLAIN.matcher(value).matches() && !RESERVED.contains(value.toLowerCase(Locale.ROOT)) ? value : quoted(value);
    }

    /** Free text (a description): plain when it cannot be misread, as a person would write it. */
    private static String text(String value) {
        if (blank(value)) {
            return null;
        }
        String v = value.trim();
        return PLAIN_TEXT.matcher(v).matches() && !RESERVED.contains(v.toLowerCase(Locale.ROOT)) ? v : quoted(v);
    }

    static String quoted(String value) {
        StringBuilder q = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                case '\r' -> q.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }

    private static String lower(String value) {
        return value == null ? null : value.trim().toLowerCase(Locale.ROOT);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
