package io.shardlake.engine.registration;

import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.transforms.spec.JsonExtraction;
import io.shardlake.transforms.spec.JsonField;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The draft a registered version was made from, for the edit form: its definition read back into
 * form fields. Fields the YAML left to their defaults stay empty, so saving the form unchanged
 * writes the same text again (and so no new version).
 */
public final class Drafts {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private Drafts() {
    }

    public static PipelineDraft of(PipelineDefinition d, String yaml) {
        JsonNode tree = YAML.readTree(yaml);
        List<PipelineDraft.Column> columns = d.transform().columns().stream()
                .map(c -> new PipelineDraft.Column(c.from(), c.name(), c.type().toString(), true)).toList();
        List<PipelineDraft.Json> json = d.transform().json().stream().limit(DraftExtra.pickedJsonCount(tree)).map(Drafts::json).toList();
        return new PipelineDraft(
                d.name(),
                d.description(),
                d.source().connection(),
                d.source().table(),
                columns,
                text(tree, "source", "cursor"),
                tree.path("source").has("primary_key") ? d.source().primaryKey() : null,
                json,
                text(tree, "partition", "column"),
                text(tree, "partition", "granularity"),
                d.schedule().expression(),
                tree.has("schedule_zone") ? d.schedule().zone().getId() : null,
                text(tree, "target", "table"),
                text(tree, "target", "compression"),
                tree.path("target").has("file_size_mb") ? (int) (d.target().fileSizeBytes() / (1024 * 1024)) : null,
                tree.path("quarantine").has("max_fraction") ? d.quarantine().maxFraction() : null,
                tree.path("transform").has("dedupe_key") ? d.transform().dedupeKey() : null,
                tree.path("target").has("redshift") ? d.target().redshift() : null,
                DraftExtra.of(tree));
    }

    private static PipelineDraft.Json json(JsonExtraction e) {
        return new PipelineDraft.Json(e.column(), e.fields().stream()
                .map(f -> new PipelineDraft.JsonField(f.path(), f.name(), f.type().toString(),
                        f.function() == JsonField.Function.LENGTH ? "length" : null, true))
                .toList());
    }

    private static String text(JsonNode tree, String section, String field) {
        JsonNode v = tree.path(section).path(field);
        return v.isValueNode() ? v.asString() : null;
    }
}
