package io.shardlake.engine.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.engine.definition.DefinitionParser;
import io.shardlake.engine.definition.InvalidDefinitionException;
import io.shardlake.engine.definition.PipelineDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A definition read into a draft (what the edit form and REST clients get) and written back is the
 * same definition, with the same version: for every shipped file and for one that sets every key.
 */
class DefinitionRoundTripTest {

    private static final DefinitionParser PARSER = new DefinitionParser(Set.of("shop", "catalog"));
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static List<Path> definitions() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> shipped = Files.list(Path.of("../../dag-definitions"))) {
            shipped.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
        }
        files.add(Path.of("src/test/resources/definitions/every_key.yaml"));
        return files;
    }

    @ParameterizedTest
    @MethodSource("definitions")
    void aDefinitionReadIntoADraftAndWrittenBackIsUnchanged(Path file) throws IOException {
        String text = Files.readString(file);
        String source = file.getFileName().toString();
        PipelineDefinition original = PARSER.parse(source, text);

        PipelineDraft draft = Drafts.of(original, text);
        String written = DraftYaml.write(draft).yaml();
        PipelineDefinition back = PARSER.parse(source, written);

        assertThat(back).as(written).isEqualTo(original);
        assertThat(back.version()).as("same tree, same version").isEqualTo(original.version());
        assertThat(DraftYaml.write(Drafts.of(back, written)).yaml()).as("saving it unchanged writes the same text").isEqualTo(written);
    }

    @ParameterizedTest
    @MethodSource("definitions")
    void aDefinitionShownAsFormFieldsAndPostedBackIsUnchanged(Path file) throws IOException {
        String text = Files.readString(file);
        String source = file.getFileName().toString();
        PipelineDefinition original = PARSER.parse(source, text);
        PipelineDraft draft = Drafts.of(original, text);

        java.util.Map<String, String> posted = new java.util.LinkedHashMap<>(ExtraFields.flatten(draft.extra()));
        posted.put("transform.derived.7.name", " "); // the form's spare row, left blank
        PipelineDraft back = draft.withExtra(ExtraFields.parse(posted).tree());

        assertThat(DraftYaml.write(back).yaml()).isEqualTo(DraftYaml.write(draft).yaml());
        assertThat(PARSER.parse(source, DraftYaml.write(back).yaml())).isEqualTo(original);
    }

    @Test
    void formFieldsBecomeTypedValuesAndBlankRowsAreNoRows() {
        ExtraFields.Parsed parsed = ExtraFields.parse(java.util.Map.of(
                "runs.retries", "5", "runs.timeout", "30m", "depends_on", "customers, orders",
                "transform.derived.0.name", "", "transform.derived.0.expression", " ",
                "transform.derived.1.name", "order_date", "transform.derived.1.expression", "date(created_at)",
                "transform.derived.1.type", "dat", "source.events.max_keys", "many", "name", "ignored: the picker's"));

        assertThat(parsed.tree().toString()).isEqualTo("{\"source\":{\"events\":{\"max_keys\":\"many\"}},"
                + "\"transform\":{\"derived\":[{\"name\":\"order_date\",\"expression\":\"date(created_at)\",\"type\":\"dat\"}]},"
                + "\"depends_on\":[\"customers\",\"orders\"],\"runs\":{\"timeout\":\"30m\",\"retries\":5}}");
        assertThat(parsed.formPath("transform.derived[0].type")).as("the error of row 0 shows at form row 1").isEqualTo("transform.derived[1].type");
        assertThat(parsed.formPath("runs.retries")).isEqualTo("runs.retries");
        assertThat(parsed.formPath("columns[2].type")).as("picker paths stay").isEqualTo("columns[2].type");
    }

    @Test
    void aDraftOverJsonCarriesEveryKeyInExtraAndBindsTheSameAsTheFile() throws IOException {
        String text = Files.readString(Path.of("src/test/resources/definitions/every_key.yaml"));
        PipelineDefinition original = PARSER.parse("every_key.yaml", text);
        PipelineDraft draft = Drafts.of(original, text);

        // As a REST client sends it: the draft as JSON, read back.
        PipelineDraft overRest = JSON.readValue(JSON.writeValueAsString(draft), PipelineDraft.class);

        assertThat(overRest.extra().path("runs").path("retries").asInt()).isEqualTo(5);
        assertThat(overRest.extra().path("transform").path("json").get(0).has("explode")).isTrue();
        assertThat(overRest.extra().has("name")).as("the picker's fields stay out of extra").isFalse();
        assertThat(PARSER.parse("every_key.yaml", DraftYaml.write(overRest).yaml())).isEqualTo(original);
    }

    @Test
    void extraMayNotRepeatAFieldOfTheDraft() {
        JsonNode extra = JSON.readTree("{\"source\": {\"table\": \"customers\", \"events\": {}}, \"runs\": {\"retries\": 2}}");

        assertThat(DraftExtra.conflicts(extra)).extracting(FormError::field).containsExactly("source.table");
    }

    @Test
    void errorsInExtraAreReportedAtTheirDefinitionPaths() {
        JsonNode extra = JSON.readTree("""
                {"runs": {"retries": 50, "catchup": "sometimes"}, "depends_on": ["Orders"],
                 "transform": {"derived": [{"name": "d", "expression": "date(created_at)", "type": "dat"}],
                               "json": [{"column": "payload", "explode": {"path": "$.items["}}]}}""");
        DraftYaml.Document doc = DraftYaml.write(TestDrafts.orders().withExtra(extra));

        assertThatThrownBy(() -> PARSER.parse("form", doc.yaml())).isInstanceOfSatisfying(InvalidDefinitionException.class, e ->
                assertThat(e.errors()).extracting(x -> doc.formField(x.field())).as(doc.yaml()).containsExactlyInAnyOrder(
                        "runs.retries", "runs.catchup", "depends_on[0]", "transform.derived[0].type", "transform.json[0].explode.path"));
    }
}
