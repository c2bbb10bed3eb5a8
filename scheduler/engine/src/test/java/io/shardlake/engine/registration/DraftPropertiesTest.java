package io.shardlake.engine.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.engine.definition.DefinitionFormat;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The table picker's part of a draft is still written by hand ({@link PipelineDraft}'s properties,
 * {@link DraftYaml}'s lines): this keeps it and the catalog naming the same fields, so a field can
 * neither be picked under a property the draft lacks nor be a draft property the catalog does not
 * know (whose errors could then not be mapped back to the form).
 */
class DraftPropertiesTest {

    @Test
    void everyPickedFieldOfTheCatalogIsAPropertyOfTheDraftAndBack() {
        List<String> picked = new ArrayList<>();
        DefinitionFormat.walk((path, field) -> {
            if (field.draftProperty() != null) {
                picked.add(field.draftProperty());
            }
        });
        List<String> properties = Arrays.stream(PipelineDraft.class.getRecordComponents()).map(RecordComponent::getName)
                // json: the picker's ticked paths, written beside extra's transform.json; extra: every other field, by its definition path
                .filter(p -> !p.equals("json") && !p.equals("extra")).toList();

        assertThat(picked).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(properties);
    }
}
