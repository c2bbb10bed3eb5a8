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
import io.shardlake.engine.definition.DefinitionFormat;
import io.shardlake.engine.definition.FieldSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

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
    /** The sections this writer writes itself; {@code extra} fields inside them are written into them. */
    private static final Set<String> SECTIONS = Set.of("source", "transform", "partition", "target", "quarantine");
    // Extra parts are written as YAML blocks; quotes only where a value could be misread.
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLWriteFeature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    private DraftYaml() {
    }

    /**
     * The YAML text and where each of its list entries came from in the draft (left-out columns
     * and JSON columns with no ticked field shift the positions).
     */
    public record Document(String yaml, List<Integer> columnOrigins, List<Integer> jsonOrigins, List<List<Integer>> fieldOrigins) {

        /** Definition paths the picker's properties hold, from the format's description. */
        private static final Map<String, String> PICKED = new LinkedHashMap<>();

        static {
            DefinitionFormat.walk((path, field) -> {
                if (field.draftProperty() != null) {
                    PICKED.put(path, field.draftProperty());
                }
            });
        }

        private static final Pattern COLUMN = Pattern.compile("transform\\.columns\\[(\\d+)](.*)");
        private static final Pattern JSON_FIELD = Pattern.compile("transform\\.json\\[(\\d+)]\\.fields\\[(\\d+)](.*)");
        private static final Pattern JSON = Pattern.compile("transform\\.json\\[(\\d+)](.*)");
        /** A section's own error (missing, not a mapping) goes to its first field on the form. */
        private static final Map<String, String> SECTIONS = Map.of("source", "connection", "transform", "columns", "partition",
                "partitionColumn");

        /** The form field of a definition field, e.g. {@code transform.columns[1].from} -> {@code columns[3].source}. */
        public String formField(String definitionField) {
            String section = SECTIONS.get(definitionField);
            if (section != null) {
                return section;
            }
            String picked = PICKED.get(definitionField.replaceFirst("\\[\\d+]$", ""));
            if (picked != null && !definitionField.startsWith("transform.columns")) {
                return picked;
            }
            Matcher m = COLUMN.matcher(definitionField);
            if (m.matches()) {
                int at = Integer.parseInt(m.group(1));
                String rest = m.group(2).equals(".from") ? ".source" : m.group(2);
                return at < columnOrigins.size() ? "columns[" + columnOrigins.get(at) + "]" + rest : "columns";
            }
            m = JSON.matcher(definitionField);
            if (m.matches() && Integer.parseInt(m.group(1)) >= jsonOrigins.size()) {
                // written after the picker's: an entry of extra.transform.json
                return "transform.json[" + (Integer.parseInt(m.group(1)) - jsonOrigins.size()) + "]" + m.group(2);
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
            extraFields(s, d.extra(), "source", Set.of());
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
            JsonNode extraJson = d.extra() == null ? null : d.extra().path("transform").get("json");
            if (extraJson != null && extraJson.isArray()) {
                // as the items of a "json:" block, without the key line
                String items = block(JsonNodeFactory.instance.objectNode().set("json", extraJson), "  ");
                json.add(items.substring(items.indexOf('\n') + 1));
            } else if (extraJson != null) {
                json.add(block(JsonNodeFactory.instance.objectNode().set("json", extraJson), "  "));
            }
            if (!json.isEmpty()) {
                t.append(extraJson != null && !extraJson.isArray() && jsonOrigins.isEmpty() ? "" : "  json:\n").append(String.join("", json));
            }
            extraFields(t, d.extra(), "transform", Set.of("json", "dedupe_key"));
            line(t, "  ", "dedupe_key", d.dedupeKey() == null ? null : list(d.dedupeKey()));
            extraFields(t, d.extra(), "transform", Set.of("json", "derived"));
        });

        section(y, "partition", p -> {
            line(p, "  ", "column", plain(d.partitionColumn()));
            line(p, "  ", "granularity", plain(lower(d.partitionGranularity())));
            extraFields(p, d.extra(), "partition", Set.of());
        });
        section(y, "target", t -> {
            line(t, "  ", "table", plain(d.targetTable()));
            line(t, "  ", "compression", plain(lower(d.compression())));
            line(t, "  ", "file_size_mb", d.fileSizeMb() == null ? null : d.fileSizeMb().toString());
            line(t, "  ", "redshift", Boolean.TRUE.equals(d.redshift()) ? "true" : null);
            extraFields(t, d.extra(), "target", Set.of());
        });
        section(y, "quarantine", q -> {
            line(q, "  ", "max_fraction",
                    d.quarantineMaxFraction() == null || d.quarantineMaxFraction().isNaN() || d.quarantineMaxFraction().isInfinite() ? null
                            : BigDecimal.valueOf(d.quarantineMaxFraction()).stripTrailingZeros().toPlainString());
            extraFields(q, d.extra(), "quarantine", Set.of());
        });
        if (d.extra() != null && d.extra().isObject()) {
            for (String key : ordered(d.extra(), DefinitionFormat.root())) {
                if (!SECTIONS.contains(key)) {
                    y.append("\n").append(block(JsonNodeFactory.instance.objectNode().set(key, d.extra().get(key)), ""));
                }
            }
        }
        return new Document(y.toString(), columnOrigins, jsonOrigins, fieldOrigins);
    }

    /**
     * The fields of {@code extra.<section>} (all but {@code skip}) at the end of that section, in
     * the format's order; a section of extra that is not a mapping is left for the parser to report.
     */
    private static void extraFields(StringBuilder y, JsonNode extra, String section, Set<String> skip) {
        y.append(extraText(extra, section, skip));
    }

    private static String extraText(JsonNode extra, String section, Set<String> skip) {
        JsonNode fields = extra == null ? null : extra.get(section);
        if (fields == null || !fields.isObject()) {
            return "";
        }
        ObjectNode kept = JsonNodeFactory.instance.objectNode();
        for (String key : ordered(fields, DefinitionFormat.at(section))) {
            if (!skip.contains(key)) {
                kept.set(key, fields.get(key));
            }
        }
        return kept.isEmpty() ? "" : block(kept, "  ");
    }

    /** The keys of {@code node}: the format's first, in its order, then unknown ones (left for the parser to report). */
    private static List<String> ordered(JsonNode node, FieldSpec spec) {
        List<String> keys = new ArrayList<>();
        if (spec != null) {
            spec.keys().stream().filter(node::has).forEach(keys::add);
        }
        node.propertyNames().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
        return keys;
    }

    /** {@code value} as YAML block lines, each indented by {@code indent}. */
    private static String block(JsonNode value, String indent) {
        String text = YAML.writeValueAsString(value);
        return text.lines().map(l -> indent + l + "\n").collect(Collectors.joining());
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
