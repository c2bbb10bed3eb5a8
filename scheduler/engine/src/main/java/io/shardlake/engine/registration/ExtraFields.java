package io.shardlake.engine.registration;

import io.shardlake.engine.definition.DefinitionFormat;
import io.shardlake.engine.definition.FieldSpec;
import io.shardlake.engine.definition.FieldSpec.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link PipelineDraft#extra()} as the fields of an HTML form, and back, driven by the format's
 * description ({@link DefinitionFormat}). A form field is named by its definition path with list
 * positions as plain segments ({@code runs.retries}, {@code transform.derived.0.name}), so a
 * browser without JavaScript posts it as text. Values become what a YAML file would hold: a whole
 * number or number when the text is one (otherwise the text, for the definition's own validation
 * to report), {@code true}/{@code false}, a list from comma-separated text. Blank fields are left
 * out, and a list row left entirely blank is no row: that is how the form's spare rows are ignored
 * and how a row is removed.
 */
public final class ExtraFields {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private ExtraFields() {
    }

    /**
     * The tree the form's fields describe, and where each of its list rows came from on the form.
     *
     * @param tree    the extra part of the definition, or null when every field was blank
     * @param origins for each list in the tree (its definition path, with the tree's positions), the
     *                form position of each of its rows
     */
    public record Parsed(JsonNode tree, Map<String, List<Integer>> origins) {

        /** A definition path of the tree ({@code transform.derived[0].type}) with the form's positions instead. */
        public String formPath(String definitionPath) {
            StringBuilder tree = new StringBuilder();
            StringBuilder form = new StringBuilder();
            Matcher m = INDEX.matcher(definitionPath);
            int at = 0;
            while (m.find()) {
                String between = definitionPath.substring(at, m.start());
                tree.append(between);
                form.append(between);
                int index = Integer.parseInt(m.group(1));
                List<Integer> rows = origins.get(tree.toString());
                form.append('[').append(rows != null && index < rows.size() ? rows.get(index) : index).append(']');
                tree.append(m.group());
                at = m.end();
            }
            return form.append(definitionPath.substring(at)).toString();
        }
    }

    /** The form fields of {@code extra}, by name; empty for none. */
    public static Map<String, String> flatten(JsonNode extra) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (extra != null && extra.isObject()) {
            flatten(extra, DefinitionFormat.root(), "", fields);
        }
        return fields;
    }

    private static void flatten(JsonNode node, FieldSpec spec, String prefix, Map<String, String> out) {
        for (FieldSpec field : spec.children()) {
            JsonNode value = node.get(field.key());
            String name = prefix + field.key();
            if (value == null || value.isNull()) {
                continue;
            }
            switch (field.kind()) {
                case MAPPING -> flatten(value, field, name + ".", out);
                case MAPPING_LIST -> {
                    for (int i = 0; i < value.size(); i++) {
                        flatten(value.get(i), field, name + "." + i + ".", out);
                    }
                }
                case TEXT_LIST -> out.put(name, value.isArray()
                        ? value.valueStream().map(JsonNode::asString).collect(Collectors.joining(", ")) : value.asString());
                default -> out.put(name, value.asString());
            }
        }
    }

    /** The tree of the posted fields; names that are no field of the format are ignored. */
    public static Parsed parse(Map<String, String> fields) {
        Map<String, List<Integer>> origins = new HashMap<>();
        ObjectNode tree = mapping(fields == null ? Map.of() : fields, DefinitionFormat.root(), "", "", origins);
        return new Parsed(tree.isEmpty() ? null : tree, origins);
    }

    private static ObjectNode mapping(Map<String, String> fields, FieldSpec spec, String name, String path,
                                      Map<String, List<Integer>> origins) {
        ObjectNode out = NODES.objectNode();
        for (FieldSpec field : spec.children()) {
            if (field.draftProperty() != null) {
                continue; // the table picker's
            }
            String fieldName = name + field.key();
            String fieldPath = path + field.key();
            switch (field.kind()) {
                case MAPPING -> {
                    ObjectNode inner = mapping(fields, field, fieldName + ".", fieldPath + ".", origins);
                    if (!inner.isEmpty()) {
                        out.set(field.key(), inner);
                    }
                }
                case MAPPING_LIST -> {
                    ArrayNode rows = NODES.arrayNode();
                    List<Integer> from = new ArrayList<>();
                    for (int i : rowsOf(fields, fieldName + ".")) {
                        ObjectNode row = mapping(fields, field, fieldName + "." + i + ".", fieldPath + "[" + rows.size() + "].", origins);
                        if (!row.isEmpty()) {
                            rows.add(row);
                            from.add(i);
                        }
                    }
                    if (!rows.isEmpty()) {
                        out.set(field.key(), rows);
                        origins.put(fieldPath, from);
                    }
                }
                default -> {
                    String text = fields.get(fieldName);
                    if (text != null && !text.isBlank()) {
                        out.set(field.key(), value(field.kind(), text.trim()));
                    }
                }
            }
        }
        return out;
    }

    /** The row positions posted under a list (its field name and a dot, e.g. {@code transform.derived.}), in order. */
    public static TreeSet<Integer> rowsOf(Map<String, String> fields, String prefix) {
        TreeSet<Integer> rows = new TreeSet<>();
        for (String name : fields.keySet()) {
            if (name.startsWith(prefix)) {
                String rest = name.substring(prefix.length());
                int dot = rest.indexOf('.');
                String index = dot < 0 ? rest : rest.substring(0, dot);
                if (index.matches("\\d{1,4}")) {
                    rows.add(Integer.parseInt(index));
                }
            }
        }
        return rows;
    }

    private static JsonNode value(Kind kind, String text) {
        return switch (kind) {
            case WHOLE_NUMBER, NUMBER -> NUMBER.matcher(text).matches()
                    ? text.contains(".") ? NODES.numberNode(new java.math.BigDecimal(text)) : NODES.numberNode(new java.math.BigInteger(text))
                    : NODES.stringNode(text);
            case FLAG -> text.equals("true") || text.equals("false") ? NODES.booleanNode(Boolean.parseBoolean(text)) : NODES.stringNode(text);
            case TEXT_LIST -> {
                ArrayNode list = NODES.arrayNode();
                Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(list::add);
                yield list;
            }
            default -> NODES.stringNode(text);
        };
    }
}
