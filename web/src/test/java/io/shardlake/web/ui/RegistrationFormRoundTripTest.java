package io.shardlake.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.engine.definition.DefinitionParser;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.registration.DraftYaml;
import io.shardlake.engine.registration.Drafts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The edit form filled from a definition and posted back unchanged saves the same definition, with
 * the same version (so no new version): for every shipped file and a definition that sets every key.
 */
class RegistrationFormRoundTripTest {

    private static final DefinitionParser PARSER = new DefinitionParser(Set.of("shop", "catalog"));

    static List<Path> definitions() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> shipped = Files.list(Path.of("../dag-definitions"))) {
            shipped.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
        }
        files.add(Path.of("../scheduler/engine/src/test/resources/definitions/every_key.yaml"));
        return files;
    }

    @ParameterizedTest
    @MethodSource("definitions")
    void aDefinitionShownOnTheFormAndSavedUnchangedIsTheSameDefinition(Path file) throws IOException {
        String text = Files.readString(file);
        String source = file.getFileName().toString();
        PipelineDefinition original = PARSER.parse(source, text);

        RegistrationForm form = RegistrationForm.of(Drafts.of(original, text), original.name(), 1);
        RegistrationForm.Converted posted = form.toDraft();

        assertThat(posted.errors()).isEmpty();
        String saved = DraftYaml.write(posted.draft()).yaml();
        PipelineDefinition back = PARSER.parse(source, saved);
        assertThat(back).as(saved).isEqualTo(original);
        assertThat(back.version()).isEqualTo(original.version());
    }
}
