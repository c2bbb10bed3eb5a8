package io.shardlake.engine.registration;

import io.shardlake.engine.definition.DefinitionFormat;
import io.shardlake.engine.definition.FieldSpec;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@link PipelineDraft#extra()} part of a draft: what a definition says beyond the fields the
 * registration form's table picker fills, found by the format's own description
 * ({@link DefinitionFormat}): a field the catalog gives a {@code draftProperty} belongs to the
 * picker, every other one to {@code extra}. A new key of the format is therefore offered by the
 * form and accepted over REST without a change here.
 *
 * <p>JSON extractions are shared: the picker holds the leading ones without an explode (paths
 * ticked from a sample), {@code extra.transform.json} every one after them, written after them, so
 * the order of output columns is kept.
 */
public final class DraftExtra {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DraftExtra() {
    }

    /** The part of a definition tree that is not the picker's; null when there is none. */
    public static JsonNode of(JsonNode definition) {
        ObjectNode extra = copyUnpicked(definition, DefinitionFormat.root());
        JsonNode json = definition.path("transform").path("json");
        int picked = pickedJsonCount(definition);
        if (json.isArray() && json.size() > picked) {
            ArrayNode rest = NODES.arrayNode();
            for (int i = picked; i < json.size(); i++) {
                rest.add(json.get(i));
            }
            ObjectNode transform = extra.has("transform") ? (ObjectNode) extra.get("transform") : extra.putObject("transform");
            transform.set("json", rest);
        }
        return extra.isEmpty() ? null : extra;
    }

    /** How many leading {@code transform.json} entries of a definition the picker holds: those before the first explode. */
    static int pickedJsonCount(JsonNode definition) {
        JsonNode json = definition.path("transform").path("json");
        int n = 0;
        while (n < json.size() && !json.get(n).has("explode")) {
            n++;
        }
        return n;
    }

    /**
     * Fields of {@code extra} that the picker's properties hold, refused so that one field never
     * has two values; the rest is left to the definition's validation (an unknown key included).
     */
    static List<FormError> conflicts(JsonNode extra) {
        List<FormError> errors = new ArrayList<>();
        if (extra == null) {
            return errors;
        }
        if (!extra.isObject()) {
            errors.add(new FormError("extra", "expected a mapping of definition fields, e.g. {\"runs\": {\"retries\": 5}}"));
            return errors;
        }
        conflicts(extra, DefinitionFormat.root(), "", errors);
        return errors;
    }

    private static void conflicts(JsonNode node, FieldSpec spec, String prefix, List<FormError> errors) {
        for (String key : node.propertyNames()) {
            FieldSpec child = spec.child(key);
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            if (child == null) {
                continue;
            }
            if (child.draftProperty() != null) {
                errors.add(new FormError(path, "is the draft's own field '" + child.draftProperty() + "'; set it there, not in extra"));
            } else if (child.kind() == FieldSpec.Kind.MAPPING && node.get(key).isObject() && !prefix.contains("[")) {
                conflicts(node.get(key), child, path, errors);
            }
        }
    }

    /** The unpicked fields of one mapping, recursing into the sections the picker shares. */
    private static ObjectNode copyUnpicked(JsonNode node, FieldSpec spec) {
        ObjectNode out = NODES.objectNode();
        if (node == null || !node.isObject()) {
            return out;
        }
        for (String key : node.propertyNames()) {
            FieldSpec child = spec.child(key);
            JsonNode value = node.get(key);
            if (child == null) {
                out.set(key, value);
            } else if (child.draftProperty() != null || key.equals("json") && spec == DefinitionFormat.at("transform")) {
                continue; // the picker's (JSON extractions are split by the caller)
            } else if (child.kind() == FieldSpec.Kind.MAPPING && sharesSection(child)) {
                ObjectNode inner = copyUnpicked(value, child);
                if (!inner.isEmpty()) {
                    out.set(key, inner);
                }
            } else {
                out.set(key, value);
            }
        }
        return out;
    }

    /** A section some of whose fields the picker fills (source, transform, ...): split field by field. */
    private static boolean sharesSection(FieldSpec section) {
        return section.children().stream().anyMatch(c -> c.draftProperty() != null);
    }
}
