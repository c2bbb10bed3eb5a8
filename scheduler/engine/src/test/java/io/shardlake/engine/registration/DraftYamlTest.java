package io.shardlake.engine.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.engine.definition.DefinitionParser;
import io.shardlake.engine.definition.InvalidDefinitionException;
import io.shardlake.engine.definition.PipelineDefinition;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DraftYamlTest {

    private final DefinitionParser parser = new DefinitionParser(Set.of("shop"));

    @Test
    void aDraftBecomesTheSameDefinitionAsTheHandWrittenFile() {
        PipelineDefinition fromForm = parser.parse("form", DraftYaml.write(TestDrafts.orders()).yaml());
        PipelineDefinition fromFile = parser.parse("orders_flat.yaml", TestDrafts.ORDERS_FILE);

        assertThat(fromForm).isEqualTo(fromFile);
        assertThat(fromForm.version()).as("same tree, same version hash").isEqualTo(fromFile.version());
    }

    @Test
    void aDraftThatOptsIntoRedshiftSaysSoInItsTargetAndComesBackTheSameForEditing() {
        PipelineDraft d = TestDrafts.orders();
        PipelineDraft toRedshift = new PipelineDraft(d.name(), d.description(), d.connection(), d.table(), d.columns(), d.cursor(),
                d.primaryKey(), d.json(), d.partitionColumn(), d.partitionGranularity(), d.schedule(), d.scheduleZone(), d.targetTable(),
                d.compression(), d.fileSizeMb(), d.quarantineMaxFraction(), d.dedupeKey(), true);

        String yaml = DraftYaml.write(toRedshift).yaml();
        PipelineDefinition parsed = parser.parse("form", yaml);

        assertThat(yaml).contains("  file_size_mb: 64\n  redshift: true\n");
        assertThat(parsed.target().redshift()).isTrue();
        assertThat(Drafts.of(parsed, yaml).redshift()).isTrue();
        assertThat(DraftYaml.write(d).yaml()).as("lake only: nothing written").doesNotContain("redshift");
    }

    @Test
    void theTextIsReadableAndShapedLikeTheFilesOfTheFolder() {
        // The hand-written file without its comment, and a blank line between sections.
        String expected = TestDrafts.ORDERS_FILE.replaceFirst("# .*\n", "")
                .replaceAll("\n(source|transform|partition|target|quarantine):", "\n\n$1:");
        assertThat(DraftYaml.write(TestDrafts.orders()).yaml()).isEqualTo(expected);
        assertThat(DraftYaml.write(TestDrafts.orders()).yaml()).as("deterministic").isEqualTo(DraftYaml.write(TestDrafts.orders()).yaml());
    }

    @Test
    void hostileTextStaysAScalarSoTheParserNotTheYamlReportsIt() {
        PipelineDraft d = TestDrafts.orders("x: [1]\n#", "*/15 * * * *");
        PipelineDraft evil = new PipelineDraft(d.name(), "line\nbreak \"quoted\" # not a comment", d.connection(), "orders`; DROP TABLE t",
                d.columns(), "true", d.primaryKey(), d.json(), d.partitionColumn(), d.partitionGranularity(), d.schedule(),
                d.scheduleZone(), "Null Table", d.compression(), d.fileSizeMb(), d.quarantineMaxFraction(), d.dedupeKey(), null);

        DraftYaml.Document doc = DraftYaml.write(evil);

        assertThatThrownBy(() -> parser.parse("form", doc.yaml())).isInstanceOfSatisfying(InvalidDefinitionException.class, e -> {
            assertThat(e.errors()).extracting(x -> doc.formField(x.field())).contains("name", "table", "cursor", "targetTable");
            assertThat(e.errors()).noneMatch(x -> x.message().contains("YAML"));
        });
    }

    @Test
    void errorsOfLeftOutColumnsAndFieldsPointAtTheirFormRows() {
        PipelineDraft d = TestDrafts.orders();
        List<PipelineDraft.Column> columns = List.of(d.columns().get(0), d.columns().get(1), d.columns().get(2),
                new PipelineDraft.Column("amount", "amount", "decimal(99,2)", true), d.columns().get(4));
        List<PipelineDraft.Json> json = List.of(new PipelineDraft.Json("payload", List.of(d.json().get(0).fields().get(0),
                d.json().get(0).fields().get(1), new PipelineDraft.JsonField("$.items[", "item_count", "int", "length", true))));
        PipelineDraft bad = new PipelineDraft(d.name(), d.description(), d.connection(), d.table(), columns, d.cursor(), d.primaryKey(),
                json, d.partitionColumn(), "weekly", d.schedule(), d.scheduleZone(), d.targetTable(), "lz4", 0, d.quarantineMaxFraction(),
                d.dedupeKey(), null);
        DraftYaml.Document doc = DraftYaml.write(bad);

        assertThatThrownBy(() -> parser.parse("form", doc.yaml())).isInstanceOfSatisfying(InvalidDefinitionException.class, e ->
                assertThat(e.errors()).extracting(x -> doc.formField(x.field())).containsExactlyInAnyOrder(
                        "columns[3].type", "json[0].fields[2].path", "partitionGranularity", "compression", "fileSizeMb"));
    }
}
