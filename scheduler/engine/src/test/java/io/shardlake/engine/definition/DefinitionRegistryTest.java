package io.shardlake.engine.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloading a folder holding copies of the shipped examples, edited the way people edit them. */
class DefinitionRegistryTest {

    private static final Path SHIPPED = Path.of("../../dag-definitions");
    private static final String UNKNOWN_TYPE =
            "unknown type 'strng'; use one of string, json, bigint, int, double, boolean, timestamp, date, decimal(p,s)";

    @TempDir
    Path dir;

    private DefinitionRegistry registry;
    private final List<DefinitionChanges> notified = new ArrayList<>();

    @BeforeEach
    void copyTheShippedExamples() throws IOException {
        for (String name : List.of("customers", "form_submissions", "orders")) {
            Files.copy(SHIPPED.resolve(name + ".yaml"), dir.resolve(name + ".yaml"));
        }
        registry = new DefinitionRegistry(dir, Set.of("shop"));
    }

    @Test
    void startsEmptyAndTheFirstReloadAddsEveryPipeline() throws IOException {
        assertThat(registry.current().all()).isEmpty();

        DefinitionChanges changes = registry.reload();

        assertThat(changes.added()).extracting(PipelineDefinition::name).containsExactly("customers", "form_submissions", "orders");
        assertThat(changes.changed()).isEmpty();
        assertThat(changes.removed()).isEmpty();
        assertThat(changes.errors()).isEmpty();
        assertThat(registry.current().source("orders")).contains(new DefinitionSource("orders.yaml", read("orders.yaml")));
    }

    @Test
    void aNewFileIsAdded() throws IOException {
        registry.reload();
        write("returns.yaml", read("orders.yaml").replace("name: orders", "name: returns").replace("table: orders", "table: returns"));

        DefinitionChanges changes = registry.reload();

        assertThat(changes.added()).extracting(PipelineDefinition::name).containsExactly("returns");
        assertThat(changes.unchanged()).containsExactly("customers", "form_submissions", "orders");
        assertThat(registry.current().get("returns")).isPresent();
    }

    @Test
    void anEditOfTheDefinitionIsChangedWithANewVersionAndText() throws IOException {
        registry.reload();
        String before = version("orders");
        String edited = read("orders.yaml").replace("\"*/15 * * * *\"", "\"*/5 * * * *\"");
        write("orders.yaml", edited);

        DefinitionChanges changes = registry.reload();

        assertThat(changes.changed()).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("orders");
            assertThat(d.schedule().expression()).isEqualTo("*/5 * * * *");
            assertThat(d.version()).isNotEqualTo(before);
        });
        assertThat(changes.unchanged()).containsExactly("customers", "form_submissions");
        assertThat(registry.current().source("orders").map(DefinitionSource::text)).contains(edited);
    }

    @Test
    void anEditOfOnlyCommentsAndKeyOrderIsUnchangedAndKeepsTheVersion() throws IOException {
        registry.reload();
        String before = version("orders");
        String reordered = read("orders.yaml")
                .replace("# Orders, one row per order", "# Orders (owned by team-data), one row per order")
                .replace("# every 15 minutes", "")
                .replace("  column: updated_at              # incremental runs rewrite only recent partitions\n  granularity: day\n",
                        "  granularity: day\n  column: updated_at\n");
        assertThat(reordered).contains("  granularity: day\n  column: updated_at\n");
        write("orders.yaml", reordered);

        DefinitionChanges changes = registry.reload();

        assertThat(changes.hasChanges()).isFalse();
        assertThat(changes.unchanged()).contains("orders");
        assertThat(version("orders")).isEqualTo(before);
    }

    @Test
    void aDeletedFileIsRemoved() throws IOException {
        registry.reload();
        Files.delete(dir.resolve("customers.yaml"));

        DefinitionChanges changes = registry.reload();

        assertThat(changes.removed()).containsExactly("customers");
        assertThat(registry.current().get("customers")).isEmpty();
        assertThat(registry.current().source("customers")).isEmpty();
    }

    @Test
    void aBrokenEditKeepsTheLastGoodVersionRunningAndReportsTheErrorWithFileAndField() throws IOException {
        registry.reload();
        String good = read("orders.yaml");
        String before = version("orders");
        write("orders.yaml", good.replace("{name: status, type: string}", "{name: status, type: strng}"));

        DefinitionChanges changes = registry.reload();

        assertThat(changes.removed()).isEmpty();
        assertThat(changes.changed()).isEmpty();
        assertThat(changes.unchanged()).contains("orders");
        assertThat(changes.keptOnError()).containsExactly("orders");
        assertThat(changes.errors()).containsExactly(new DefinitionError("orders.yaml", "transform.columns[2].type", UNKNOWN_TYPE));
        assertThat(version("orders")).isEqualTo(before);
        assertThat(registry.current().source("orders")).contains(new DefinitionSource("orders.yaml", good));
    }

    @Test
    void aHalfWrittenFileKeepsTheLastGoodVersionRunning() throws IOException {
        registry.reload();
        String before = version("orders");
        String good = read("orders.yaml");
        write("orders.yaml", good.substring(0, good.indexOf("transform:")));

        DefinitionChanges changes = registry.reload();

        assertThat(changes.keptOnError()).containsExactly("orders");
        assertThat(changes.errors()).extracting(DefinitionError::source, DefinitionError::field)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("orders.yaml", "transform"));
        assertThat(version("orders")).isEqualTo(before);
    }

    @Test
    void fixingABrokenFileWithANewDefinitionIsChanged() throws IOException {
        registry.reload();
        String good = read("orders.yaml");
        String before = version("orders");
        write("orders.yaml", good.replace("{name: status, type: string}", "{name: status, type: strng}"));
        registry.reload();
        write("orders.yaml", good.replace("{name: status, type: string}", "{name: status, type: json}"));

        DefinitionChanges changes = registry.reload();

        assertThat(changes.changed()).extracting(PipelineDefinition::name).containsExactly("orders");
        assertThat(changes.keptOnError()).isEmpty();
        assertThat(changes.errors()).isEmpty();
        assertThat(version("orders")).isNotEqualTo(before);
    }

    @Test
    void revertingABrokenFileIsUnchangedAndClearsTheError() throws IOException {
        registry.reload();
        String good = read("orders.yaml");
        write("orders.yaml", good.replace("{name: status, type: string}", "{name: status, type: strng}"));
        registry.reload();
        write("orders.yaml", good);

        DefinitionChanges changes = registry.reload();

        assertThat(changes.hasChanges()).isFalse();
        assertThat(changes.keptOnError()).isEmpty();
        assertThat(changes.errors()).isEmpty();
    }

    @Test
    void deletingABrokenFileRemovesItsPipeline() throws IOException {
        registry.reload();
        write("orders.yaml", read("orders.yaml").replace("{name: status, type: string}", "{name: status, type: strng}"));
        registry.reload();
        Files.delete(dir.resolve("orders.yaml"));

        DefinitionChanges changes = registry.reload();

        assertThat(changes.removed()).containsExactly("orders");
        assertThat(changes.errors()).isEmpty();
        assertThat(registry.current().get("orders")).isEmpty();
    }

    @Test
    void aFileThatIsBrokenFromTheStartIsReportedAndNotRun() throws IOException {
        write("orders.yaml", read("orders.yaml").replace("{name: status, type: string}", "{name: status, type: strng}"));

        DefinitionChanges changes = registry.reload();

        assertThat(changes.added()).extracting(PipelineDefinition::name).containsExactly("customers", "form_submissions");
        assertThat(changes.keptOnError()).isEmpty();
        assertThat(changes.errors()).containsExactly(new DefinitionError("orders.yaml", "transform.columns[2].type", UNKNOWN_TYPE));
    }

    @Test
    void renamingAFileAwayRemovesItsPipelineAndReportsTheNewName() throws IOException {
        registry.reload();
        Files.move(dir.resolve("orders.yaml"), dir.resolve("sales.yaml"));

        DefinitionChanges changes = registry.reload();

        assertThat(changes.removed()).containsExactly("orders");
        assertThat(changes.keptOnError()).isEmpty();
        assertThat(changes.errors()).extracting(DefinitionError::source, DefinitionError::field)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("sales.yaml", "name"));
    }

    @Test
    void aSecondFileClaimingAPipelineIsAnErrorAndDoesNotReplaceTheFirst() throws IOException {
        registry.reload();
        String before = version("orders");
        write("orders.yml", read("orders.yaml").replace("\"*/15 * * * *\"", "\"@hourly\""));

        DefinitionChanges changes = registry.reload();

        assertThat(changes.hasChanges()).isFalse();
        assertThat(changes.keptOnError()).isEmpty();
        assertThat(changes.errors()).containsExactly(new DefinitionError("orders.yml", "name",
                "pipeline 'orders' is already defined by orders.yaml; keep one of the two files"));
        assertThat(version("orders")).isEqualTo(before);
        assertThat(registry.current().source("orders").map(DefinitionSource::fileName)).contains("orders.yaml");
    }

    @Test
    void aSecondFileClaimingAPipelineDoesNotReplaceTheFirstEvenIfItsNameSortsFirst() throws IOException {
        Files.move(dir.resolve("orders.yaml"), dir.resolve("orders.yml"));
        registry.reload();
        String before = version("orders");
        write("orders.yaml", read("orders.yml").replace("\"*/15 * * * *\"", "\"@hourly\""));

        DefinitionChanges changes = registry.reload();

        assertThat(changes.hasChanges()).isFalse();
        assertThat(changes.errors()).containsExactly(new DefinitionError("orders.yaml", "name",
                "pipeline 'orders' is already defined by orders.yml; keep one of the two files"));
        assertThat(version("orders")).isEqualTo(before);
    }

    @Test
    void aMissingFolderKeepsEveryPipelineAndReportsTheFolder() throws IOException {
        Path moved = dir.resolveSibling(dir.getFileName() + "-away");
        registry.reload();
        Files.move(dir, moved);
        try {
            DefinitionChanges changes = registry.reload();

            assertThat(changes.hasChanges()).isFalse();
            assertThat(changes.unchanged()).containsExactly("customers", "form_submissions", "orders");
            assertThat(changes.errors()).containsExactly(new DefinitionError(dir.toString(), "", "no such directory"));
            assertThat(registry.current().source("orders")).isPresent();
        } finally {
            Files.move(moved, dir);
        }
    }

    @Test
    void listenersHearOfReloadsThatChangedSomethingAfterTheCatalogIsCurrent() throws IOException {
        List<PipelineCatalog> seen = new ArrayList<>();
        registry.addListener(notified::add);
        registry.addListener(changes -> seen.add(registry.current()));
        DefinitionChanges first = registry.reload();

        registry.reload();
        registry.reload();

        assertThat(notified).containsExactly(first);
        assertThat(seen).singleElement().satisfies(c -> assertThat(c.all()).hasSize(3));
    }

    @Test
    void listenersHearOfANewErrorEvenThoughNoPipelineChanged() throws IOException {
        registry.reload();
        registry.addListener(notified::add);
        write("orders.yaml", read("orders.yaml").replace("{name: status, type: string}", "{name: status, type: strng}"));

        registry.reload();

        assertThat(notified).singleElement().satisfies(c -> {
            assertThat(c.hasChanges()).isFalse();
            assertThat(c.keptOnError()).containsExactly("orders");
        });
    }

    @Test
    void aFailingListenerDoesNotKeepTheOthersFromHearing() throws IOException {
        registry.addListener(changes -> {
            throw new IllegalStateException("scheduler is down");
        });
        registry.addListener(notified::add);

        DefinitionChanges changes = registry.reload();

        assertThat(notified).containsExactly(changes);
        assertThat(registry.current().all()).hasSize(3);
    }

    @Test
    void aRemovedListenerHearsNoMore() throws IOException {
        java.util.function.Consumer<DefinitionChanges> listener = notified::add;
        registry.addListener(listener);
        registry.removeListener(listener);

        registry.reload();

        assertThat(notified).isEmpty();
    }

    private String version(String pipeline) {
        return registry.current().get(pipeline).orElseThrow().version();
    }

    private String read(String name) throws IOException {
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
