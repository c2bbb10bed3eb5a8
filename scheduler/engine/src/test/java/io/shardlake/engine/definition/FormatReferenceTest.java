package io.shardlake.engine.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The format reference in {@code dag-definitions/README.md} is the catalog's: between its markers
 * it holds exactly {@link DefinitionFormat#referenceTable()}. After changing the catalog, rewrite it with
 * {@code ./mvnw -o -q -pl scheduler/engine -am test -Dtest=FormatReferenceTest -Dsurefire.failIfNoSpecifiedTests=false -Dformat.reference.write=true}.
 */
class FormatReferenceTest {

    static final Path README = Path.of("../../dag-definitions/README.md");
    private static final String START = "<!-- format-reference:start (generated from DefinitionFormat; see FormatReferenceTest) -->\n";
    private static final String END = "<!-- format-reference:end -->";

    @Test
    void theReadmeHoldsTheCatalogsReferenceTable() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertThat(start).as("the README marks its generated reference with " + START.trim()).isNotNegative();
        assertThat(end).isGreaterThan(start);
        String expected = readme.substring(0, start + START.length()) + DefinitionFormat.referenceTable() + readme.substring(end);
        if (Boolean.getBoolean("format.reference.write")) {
            Files.writeString(README, expected, StandardCharsets.UTF_8);
        }
        assertThat(readme).as("dag-definitions/README.md is out of date with DefinitionFormat; rewrite it with"
                + " -Dformat.reference.write=true (see this test's Javadoc)").isEqualTo(expected);
    }

    @Test
    void everyFieldOfTheCatalogIsAcceptedByTheBinderAndNoOther() {
        List<String> paths = new ArrayList<>();
        DefinitionFormat.walk((path, field) -> paths.add(path));
        // The definition that uses every key binds without an "unknown field" error.
        PipelineDefinition every = new DefinitionParser(Set.of("shop", "catalog")).parse("every_key.yaml", Definitions.EVERY_KEY);
        assertThat(every.runs().retryAttempts()).isEqualTo(5);
        assertThat(paths).contains("source.reconcile.window", "runs.retries", "transform.json[].explode.fields[].function",
                "source.joins[].aggregates[].of", "alerts.freshness_threshold");
        assertThat(DefinitionFormat.at("transform.derived[2].expression").required()).isTrue();
        assertThat(DefinitionFormat.at("source.nope")).isNull();
    }
}
