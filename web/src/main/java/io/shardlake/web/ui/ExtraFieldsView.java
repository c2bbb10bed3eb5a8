package io.shardlake.web.ui;

import io.shardlake.engine.definition.DefinitionFormat;
import io.shardlake.engine.definition.FieldSpec;
import io.shardlake.engine.definition.FieldSpec.Kind;
import io.shardlake.engine.registration.ExtraFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The registration form's fields for everything the table picker does not fill, made from the
 * format's description ({@link DefinitionFormat}): one input per field, a group per mapping, and
 * a list of mappings as its rows plus one blank spare row (filled, it becomes a row at the next
 * refresh, preview or save; emptied, the row is dropped). A new key of the format shows up here
 * with no change to this class or the template.
 *
 * @param group       a mapping, a list, or a row of a list; else an input
 * @param name        the posted parameter ({@code more[runs.retries]})
 * @param id          the element id ({@code more-runs-retries})
 * @param errorKey    the definition path errors are reported at ({@code transform.derived[1].type})
 * @param options     the values a select offers (without the blank "default" one), or null for a text input
 * @param placeholder the default, shown when the field is blank
 */
record ExtraFieldsView(boolean group, String label, String help, String name, String id, String errorKey, String value,
                       List<String> options, String placeholder, List<ExtraFieldsView> children) {

    /** The groups and inputs of the whole form, filled from the posted (or stored) values. */
    static List<ExtraFieldsView> of(Map<String, String> values) {
        return children(DefinitionFormat.root(), "", "", values);
    }

    private static List<ExtraFieldsView> children(FieldSpec spec, String name, String path, Map<String, String> values) {
        List<ExtraFieldsView> out = new ArrayList<>();
        for (FieldSpec field : spec.children()) {
            if (field.draftProperty() != null || field.kind() == Kind.MAPPING && field.children().stream()
                    .allMatch(c -> c.draftProperty() != null)) {
                continue; // the table picker's
            }
            out.add(view(field, name + field.key(), path + field.key(), values));
        }
        return out;
    }

    private static ExtraFieldsView view(FieldSpec field, String name, String path, Map<String, String> values) {
        String help = plain(field.help());
        String fallback = field.required() ? "required" : field.defaultText() == null ? null : plain(field.defaultText());
        return switch (field.kind()) {
            case MAPPING -> new ExtraFieldsView(true, field.key(), help, null, id(name), path, null, null, null,
                    children(field, name + ".", path + ".", values));
            case MAPPING_LIST -> {
                TreeSet<Integer> rows = ExtraFields.rowsOf(values, name + ".");
                // rows with a value, then one spare
                List<Integer> shown = new ArrayList<>(rows.stream().filter(i -> hasValue(values, name + "." + i + ".")).toList());
                shown.add(shown.isEmpty() ? 0 : shown.get(shown.size() - 1) + 1);
                List<ExtraFieldsView> items = new ArrayList<>();
                for (int i : shown) {
                    String row = name + "." + i;
                    items.add(new ExtraFieldsView(true, field.key() + " #" + (i + 1), null, null, id(row), path + "[" + i + "]", null,
                            null, null, children(field, row + ".", path + "[" + i + "].", values)));
                }
                yield new ExtraFieldsView(true, field.key(), help + " (one row each; clear a row to remove it)", null, id(name), path, null,
                        null, null, items);
            }
            default -> new ExtraFieldsView(false, field.key(), help, "more[" + name + "]", id(name), path, values.get(name),
                    field.kind() == Kind.FLAG ? List.of("true", "false") : field.allowed().isEmpty() ? null : field.allowed(),
                    field.kind() == Kind.TEXT_LIST && fallback == null ? "a, b" : fallback, List.of());
        };
    }

    private static boolean hasValue(Map<String, String> values, String prefix) {
        return values.entrySet().stream().anyMatch(e -> e.getKey().startsWith(prefix) && e.getValue() != null && !e.getValue().isBlank());
    }

    private static String id(String name) {
        return "more-" + name.replace('.', '-');
    }

    /** Markdown as plain text: no backticks, links as their text. */
    private static String plain(String markdown) {
        return markdown.replace("`", "").replaceAll("\\[([^]]*)]\\([^)]*\\)", "$1");
    }
}
