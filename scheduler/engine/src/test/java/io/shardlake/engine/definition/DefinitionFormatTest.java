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
 * other field is not; a number or duration just outside the range its field states is an error at
 * that field, and only there.
 */
class DefinitionFormatTest {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final DefinitionParser PARSER = new DefinitionParser(Set.of("shop", "catalog"));

    @Test
    void leavingOutAFieldIsAMissingErrorExactlyWhenTheCatalogCallsItRequired() {
        List<String> checked = new ArrayList<>();
        DefinitionFormat.walk((path, field) -> {
            JsonNode tree = YAML.readTree(Definitions.EVERY_KEY);
            Located located = locate(tree, path.split("\\."), 0, "");
            assertThat(located).as("every_key.yaml sets " + path).isNotNull();
            located.mapping().remove(located.key());
            String at = located.path();
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

    @Test
    void everyNumberAndDurationIsHeldToTheRangeItsFieldOfTheCatalogStates() {
        List<String> checked = new ArrayList<>();
        DefinitionFormat.walk((path, field) -> {
            if (List.of(FieldSpec.Kind.WHOLE_NUMBER, FieldSpec.Kind.NUMBER, FieldSpec.Kind.DURATION, FieldSpec.Kind.FLAG)
                    .contains(field.kind())) {
                assertThat(field.bounds()).as(path + ": a number, duration or flag states its default and range").isNotNull();
            }
            if (field.bounds() == null || field.kind() == FieldSpec.Kind.FLAG) {
                return;
            }
            for (boolean aboveMax : List.of(true, false)) {
                JsonNode tree = YAML.readTree(Definitions.EVERY_KEY);
                Located located = locate(tree, path.split("\\."), 0, "");
                assertThat(located).as("every_key.yaml sets " + path).isNotNull();
                located.mapping().set(located.key(), outside(field, aboveMax));
                String at = located.path();
                List<String> fields = new ArrayList<>();
                try {
                    PARSER.parse("every_key.yaml", tree);
                } catch (InvalidDefinitionException e) {
                    e.errors().forEach(x -> fields.add(x.field() + ": " + x.message()));
                }
                assertThat(fields).as(path + (aboveMax ? " above " : " below ") + "its range").singleElement().asString()
                        .startsWith(at + ": ").contains("between");
            }
            checked.add(path);
        });
        assertThat(checked).contains("runs.retries", "quarantine.max_fraction", "source.events.coalesce", "alerts.freshness_threshold");
    }

    /** A value just outside the field's range, as YAML would hold it. */
    private static JsonNode outside(FieldSpec field, boolean aboveMax) {
        FieldSpec.Bounds b = field.bounds();
        return switch (field.kind()) {
            case WHOLE_NUMBER -> YAML.getNodeFactory().numberNode(aboveMax ? (Long) b.max() + 1 : (Long) b.min() - 1);
            case NUMBER -> YAML.getNodeFactory().numberNode(aboveMax ? (Double) b.max() + 0.5 : (Double) b.min() - 0.5);
            default -> {
                java.time.Duration d = aboveMax ? ((java.time.Duration) b.max()).plusSeconds(60) : ((java.time.Duration) b.min()).minusSeconds(1);
                yield YAML.getNodeFactory().stringNode(d.toSeconds() < 1_000_000 ? d.toSeconds() + "s" : d.toMinutes() + "m");
            }
        };
    }

    /** The mapping that holds a field, the field's key and its concrete path ({@code source.joins[1].aggregates[0].of}). */
    private record Located(ObjectNode mapping, String key, String path) {
    }

    /** The field at {@code segments} (in lists: in the first item that has it), or null. */
    private static Located locate(JsonNode node, String[] segments, int i, String prefix) {
        String key = segments[i].replace("[]", "");
        if (!(node instanceof ObjectNode object) || !object.has(key)) {
            return null;
        }
        String path = prefix.isEmpty() ? key : prefix + "." + key;
        if (i == segments.length - 1) {
            return new Located(object, key, path);
        }
        JsonNode child = object.get(key);
        if (!segments[i].endsWith("[]")) {
            return locate(child, segments, i + 1, path);
        }
        for (int n = 0; n < child.size(); n++) {
            Located found = locate(child.get(n), segments, i + 1, path + "[" + n + "]");
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
