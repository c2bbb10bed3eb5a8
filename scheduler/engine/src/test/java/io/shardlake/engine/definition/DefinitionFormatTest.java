package io.shardlake.engine.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The catalog and the binder agree field by field: on a definition that sets every key, leaving out
 * a field the catalog calls required is an "is missing" error at that field, and leaving out any
 * other field is not.
 */
class DefinitionFormatTest {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final DefinitionParser PARSER = new DefinitionParser(Set.of("shop", "catalog"));

    @Test
    void leavingOutAFieldIsAMissingErrorExactlyWhenTheCatalogCallsItRequired() {
        List<String> checked = new ArrayList<>();
        DefinitionFormat.walk((path, field) -> {
            JsonNode tree = YAML.readTree(Definitions.EVERY_KEY);
            String at = remove(tree, path.split("\\."), 0, "");
            assertThat(at).as("every_key.yaml sets " + path).isNotNull();
            List<String> missing = new ArrayList<>();
            try {
                PARSER.parse("every_key.yaml", tree);
            } catch (InvalidDefinitionException e) {
                e.errors().stream().filter(x -> x.field().equals(at) && x.message().startsWith("is missing")).forEach(x -> missing.add(x.field()));
            }
            assertThat(missing).as(path + (field.required() ? " is required" : " is optional")).hasSize(field.required() ? 1 : 0);
            checked.add(at);
        });
        assertThat(checked).contains("runs.retries", "source.joins[1].aggregates[0].function", "transform.json[1].explode.path");
    }

    /** Removes the field at {@code segments} (in lists: from the first item that has it); its concrete path, or null. */
    private static String remove(JsonNode node, String[] segments, int i, String prefix) {
        String key = segments[i].replace("[]", "");
        boolean list = segments[i].endsWith("[]");
        if (!(node instanceof ObjectNode object) || !object.has(key)) {
            return null;
        }
        String path = prefix.isEmpty() ? key : prefix + "." + key;
        if (i == segments.length - 1) {
            object.remove(key);
            return path;
        }
        JsonNode child = object.get(key);
        if (!list) {
            return remove(child, segments, i + 1, path);
        }
        for (int n = 0; n < child.size(); n++) {
            String found = remove(child.get(n), segments, i + 1, path + "[" + n + "]");
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
