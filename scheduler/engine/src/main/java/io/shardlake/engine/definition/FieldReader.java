package io.shardlake.engine.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Reads the fields of one mapping of a definition tree. Tracks the dotted path of what it reads
 * ({@code transform.json[0].fields[2].type}) and records every problem in {@link Problems}
 * instead of throwing, so one pass reports all of them.
 *
 * <p>Reads return the value, the fallback when the field is absent, or {@code null} when the field
 * is invalid (the error is already recorded). A field set to YAML null ({@code key:} with nothing
 * after it) or to blank text counts as absent.
 */
final class FieldReader {

    /**
     * Turns the text of a field into a value.
     * Throws {@link IllegalArgumentException} with a message fit for the author of the definition.
     */
    @FunctionalInterface
    interface ValueParser<T> {
        T parse(String text);
    }

    static final ValueParser<String> TEXT = text -> text;

    private final JsonNode node;
    private final String path;
    private final Problems problems;
    // False under a mapping that is itself absent or mistyped: its error already says it all.
    private final boolean reportMissing;

    private FieldReader(JsonNode node, String path, Problems problems, boolean reportMissing) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        this.reportMissing = reportMissing;
    }

    /** A reader of the top-level mapping; an empty or non-mapping document is recorded as an error. */
    static FieldReader root(JsonNode tree, Problems problems) {
        if (isAbsent(tree)) {
            problems.add("", "the definition is empty; it needs at least name, schedule, source and transform");
            return new FieldReader(null, "", problems, false);
        }
        if (!tree.isObject()) {
            problems.add("", "expected a mapping of fields (name: ..., schedule: ..., ...) at the top level, found " + describe(tree));
            return new FieldReader(null, "", problems, false);
        }
        return new FieldReader(tree, "", problems, true);
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        return !isAbsent(raw(key));
    }

    /** Records an error for each field of this mapping not in {@code known} (usually a typo). */
    void allowOnly(List<String> known) {
        if (node == null) {
            return;
        }
        for (String key : node.propertyNames()) {
            if (!known.contains(key)) {
                problems.add(pathOf(key), "unknown field '" + key + "'; expected one of " + String.join(", ", known));
            }
        }
    }

    /** A required text field, parsed; {@code example} completes "is missing; e.g. key: example". */
    <T> T required(String key, String example, ValueParser<T> parser) {
        if (!has(key)) {
            missing(key, "e.g. " + key + ": " + example);
            return null;
        }
        return optional(key, null, parser);
    }

    <T> T optional(String key, T fallback, ValueParser<T> parser) {
        JsonNode value = raw(key);
        if (isAbsent(value)) {
            return fallback;
        }
        return parse(pathOf(key), value, parser);
    }

    /*
     * Numbers, durations and flags are read as the format describes them: the field's key, default
     * and range all come from its FieldSpec (DefinitionFormat), so the binder states none of them.
     */

    /** A whole number within its field's range. */
    Long wholeNumber(FieldSpec field) {
        FieldSpec.Bounds b = field.bounds();
        return wholeNumber(field.key(), (Long) b.fallback(), (Long) b.min(), (Long) b.max());
    }

    /** A number within its field's range, fractions allowed. */
    Double number(FieldSpec field) {
        FieldSpec.Bounds b = field.bounds();
        return number(field.key(), (Double) b.fallback(), (Double) b.min(), (Double) b.max());
    }

    /** A duration ({@code 90s}, {@code 15m}, {@code 2h}, {@code 1d}) within its field's range; its default (maybe null) when absent. */
    java.time.Duration duration(FieldSpec field) {
        FieldSpec.Bounds b = field.bounds();
        return optional(field.key(), (java.time.Duration) b.fallback(),
                Durations.within((java.time.Duration) b.min(), (java.time.Duration) b.max()));
    }

    /** {@code true} or {@code false}, its field's default when absent. */
    Boolean flag(FieldSpec field) {
        return flag(field.key(), (Boolean) field.bounds().fallback());
    }

    /** {@code true} or {@code false} (YAML booleans, not text). */
    private Boolean flag(String key, boolean fallback) {
        JsonNode value = raw(key);
        if (isAbsent(value)) {
            return fallback;
        }
        if (!value.isBoolean()) {
            problems.add(pathOf(key), "expected true or false, found " + describe(value));
            return null;
        }
        return value.booleanValue();
    }

    /** A whole number in {@code min..max}. */
    private Long wholeNumber(String key, long fallback, long min, long max) {
        JsonNode value = raw(key);
        if (isAbsent(value)) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            problems.add(pathOf(key), "expected a whole number, found " + describe(value));
            return null;
        }
        return inRange(key, value.longValue(), min, max) ? value.longValue() : null;
    }

    /** A number in {@code min..max}, fractions allowed. */
    private Double number(String key, double fallback, double min, double max) {
        JsonNode value = raw(key);
        if (isAbsent(value)) {
            return fallback;
        }
        if (!value.isNumber()) {
            problems.add(pathOf(key), "expected a number, found " + describe(value));
            return null;
        }
        return inRange(key, value.doubleValue(), min, max) ? value.doubleValue() : null;
    }

    /** A list of text items, each parsed; a single value where a list belongs is an error. */
    <T> List<T> list(String key, List<T> fallback, ValueParser<T> parser) {
        JsonNode value = raw(key);
        if (isAbsent(value)) {
            return fallback;
        }
        if (!value.isArray()) {
            problems.add(pathOf(key), "expected a list such as [a, b], found " + describe(value));
            return null;
        }
        List<T> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            String itemPath = pathOf(key) + "[" + i + "]";
            JsonNode item = value.get(i);
            if (isAbsent(item)) {
                problems.add(itemPath, "is empty");
                continue;
            }
            T parsed = parse(itemPath, item, parser);
            if (parsed != null) {
                items.add(parsed);
            }
        }
        return items.size() == value.size() ? items : null;
    }

    /** A nested mapping; when absent, a reader on which every field is absent. */
    FieldReader mapping(String key) {
        JsonNode value = raw(key);
        if (isAbsent(value)) {
            return new FieldReader(null, pathOf(key), problems, reportMissing);
        }
        return asMapping(value, pathOf(key));
    }

    /** A nested mapping that must be present; {@code example} completes "is missing; e.g. ...". */
    FieldReader requiredMapping(String key, String example) {
        if (!has(key)) {
            missing(key, "e.g. " + key + ": " + example);
            return new FieldReader(null, pathOf(key), problems, false);
        }
        return mapping(key);
    }

    /** A list of mappings; absent gives an empty list. */
    List<FieldReader> mappings(String key) {
        JsonNode value = raw(key);
        if (isAbsent(value)) {
            return List.of();
        }
        if (!value.isArray()) {
            problems.add(pathOf(key), "expected a list of mappings (lines starting with '- '), found " + describe(value));
            return List.of();
        }
        List<FieldReader> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            items.add(asMapping(value.get(i), pathOf(key) + "[" + i + "]"));
        }
        return items;
    }

    /** A list of mappings with at least one item; {@code example} shows one item. */
    List<FieldReader> requiredMappings(String key, String example) {
        JsonNode value = raw(key);
        if (isAbsent(value) || value.isArray() && value.isEmpty()) {
            missing(key, "list at least one, e.g. " + key + ": [" + example + "]");
            return List.of();
        }
        return mappings(key);
    }

    private FieldReader asMapping(JsonNode value, String at) {
        if (value == null || !value.isObject()) {
            problems.add(at, "expected a mapping of fields (key: value), found " + describe(value));
            return new FieldReader(null, at, problems, false);
        }
        return new FieldReader(value, at, problems, true);
    }

    private <T> T parse(String at, JsonNode value, ValueParser<T> parser) {
        if (!value.isString()) {
            problems.add(at, "expected text, found " + describe(value));
            return null;
        }
        try {
            return parser.parse(value.stringValue());
        } catch (IllegalArgumentException e) {
            problems.add(at, e.getMessage());
            return null;
        }
    }

    private boolean inRange(String key, double value, double min, double max) {
        if (value < min || value > max) {
            problems.add(pathOf(key), "must be between " + plain(min) + " and " + plain(max) + ", found " + plain(value));
            return false;
        }
        return true;
    }

    private void missing(String key, String hint) {
        if (reportMissing) {
            problems.add(pathOf(key), "is missing; " + hint);
        }
    }

    private JsonNode raw(String key) {
        return node == null ? null : node.get(key);
    }

    private static boolean isAbsent(JsonNode value) {
        return value == null || value.isMissingNode() || value.isNull() || value.isString() && value.stringValue().isBlank();
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** How a value looks to the author: "text 'abc'", "a list", "a mapping", "the number 12.5". */
    static String describe(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "nothing";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isString()) {
            return "text '" + value.stringValue() + "'";
        }
        if (value.isBoolean()) {
            return "the boolean " + value.booleanValue();
        }
        return value.isNumber() ? "the number " + value.numberValue() : value.getNodeType().toString().toLowerCase(Locale.ROOT);
    }
}
