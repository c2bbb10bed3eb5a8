package io.shardlake.engine.definition;

import java.util.List;
import java.util.Objects;

/**
 * One field of the definition format, as {@link DefinitionFormat} lists it: what the binder
 * accepts under a mapping, what the form offers, and a row of the format reference in
 * {@code dag-definitions/README.md}.
 *
 * @param key           the YAML key, e.g. {@code retries}
 * @param kind          the shape of its value
 * @param required      whether a definition must set it
 * @param defaultText   what applies when it is absent, as the reference states it (Markdown);
 *                      null when there is no default
 * @param allowed       the only values accepted, in the order offered; empty when free
 * @param help          what it does and its rules (Markdown), the reference's "Rules" column
 * @param children      the fields of a mapping, or of each item of a list of mappings
 * @param draftProperty the {@code PipelineDraft} property the registration form's table picker
 *                      fills it from, or null when the form offers it as a field of its own
 * @param bounds        for a number, duration or flag: its value when absent and its range, which
 *                      the binder reads it with and the reference states; null for other fields
 */
public record FieldSpec(String key, Kind kind, boolean required, String defaultText, List<String> allowed, String help,
                        List<FieldSpec> children, String draftProperty, Bounds bounds) {

    /**
     * A scalar field's value when absent ({@code fallback}; null: none, the field stays unset) and
     * the range it must lie in (null for a flag), typed by the field's kind: {@link Long} for a
     * whole number, {@link Double} for a number, {@link java.time.Duration} for a duration,
     * {@link Boolean} for a flag.
     */
    public record Bounds(Object fallback, Object min, Object max) {
    }

    /** The shape of a field's value in YAML. */
    public enum Kind {
        TEXT("text"),
        WHOLE_NUMBER("whole number"),
        NUMBER("number"),
        FLAG("`true`/`false`"),
        DURATION("duration"),
        TEXT_LIST("list of text"),
        MAPPING("mapping"),
        MAPPING_LIST("list");

        private final String described;

        Kind(String described) {
            this.described = described;
        }

        /** As the format reference names it. */
        public String described() {
            return described;
        }

        public boolean nested() {
            return this == MAPPING || this == MAPPING_LIST;
        }
    }

    public FieldSpec {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(help, "help");
        allowed = List.copyOf(allowed);
        children = List.copyOf(children);
        if (kind.nested() == children.isEmpty()) {
            throw new IllegalArgumentException(key + ": a mapping or list of mappings has fields, any other kind none");
        }
        if (bounds != null) {
            checkBounds(key, kind, bounds);
        }
    }

    /** A catalog whose bounds do not fit their field's kind fails when the class loads, not when a definition is read. */
    private static void checkBounds(String key, Kind kind, Bounds b) {
        Class<?> type = switch (kind) {
            case WHOLE_NUMBER -> Long.class;
            case NUMBER -> Double.class;
            case DURATION -> java.time.Duration.class;
            case FLAG -> Boolean.class;
            default -> throw new IllegalArgumentException(key + ": only a number, duration or flag has bounds");
        };
        boolean ranged = kind != Kind.FLAG;
        if (b.fallback() != null && !type.isInstance(b.fallback()) || ranged != (type.isInstance(b.min()) && type.isInstance(b.max()))
                || !ranged && (b.min() != null || b.max() != null)) {
            throw new IllegalArgumentException(key + ": bounds of a " + kind.described() + " are " + type.getSimpleName()
                    + (ranged ? " values, with a min and a max" : ", without a range"));
        }
    }

    /** The keys accepted under this mapping (or under each item of this list), in catalog order. */
    public List<String> keys() {
        return children.stream().map(FieldSpec::key).toList();
    }

    public FieldSpec child(String key) {
        return children.stream().filter(c -> c.key.equals(key)).findFirst().orElse(null);
    }

    /** A copy that accepts only {@code values}. */
    FieldSpec allowing(String... values) {
        return new FieldSpec(key, kind, required, defaultText, List.of(values), help, children, draftProperty, bounds);
    }

    /** A copy whose default the reference states as {@code text} (a field without a default value of its own). */
    FieldSpec withDefaultText(String text) {
        return new FieldSpec(key, kind, required, text, allowed, help, children, draftProperty, bounds);
    }

    /** A copy filled from the form's table picker through {@code property}. */
    FieldSpec pickedAs(String property) {
        return new FieldSpec(key, kind, required, defaultText, allowed, help, children, property, bounds);
    }
}
