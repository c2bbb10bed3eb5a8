package io.shardlake.engine.definition;

import static io.shardlake.engine.definition.Definitions.MINIMAL;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefinitionLoaderTest {

    /** The shipped examples, found from the module directory surefire runs in. */
    private static final Path SHIPPED = Path.of("../../dag-definitions");

    private final DefinitionLoader loader = new DefinitionLoader(new DefinitionParser(Set.of("shop")));

    @TempDir
    Path dir;

    @Test
    void loadsTheShippedExamplesWithoutErrors() {
        DefinitionLoader.LoadResult result = loader.load(SHIPPED);

        assertThat(result.errors()).isEmpty();
        assertThat(result.definitions()).extracting(PipelineDefinition::name)
                .containsExactly("customers", "form_submissions", "orders");
        assertThat(result.definitions()).allSatisfy(d -> assertThat(d.source().connection()).isEqualTo("shop"));
    }

    @Test
    void shippedExamplesDeclareWhatTheirSourcesNeed() {
        var byName = loader.load(SHIPPED).definitions().stream()
                .collect(java.util.stream.Collectors.toMap(PipelineDefinition::name, d -> d));

        assertThat(byName.get("orders").schedule().quartzCron()).isEqualTo("0 */15 * * * ?");
        assertThat(byName.get("orders").transform().dedupeKey()).containsExactly("order_id");
        assertThat(byName.get("form_submissions").schedule().quartzCron()).isEqualTo("0 0 * * * ?");
        assertThat(byName.get("form_submissions").transform().dedupeKey()).containsExactly("submission_id", "question_id");
        assertThat(byName.get("customers").schedule().quartzCron()).isEqualTo("0 0 2 * * ?");
        assertThat(byName.get("customers").partition().column()).isEqualTo("updated_at");
        assertThat(byName.get("customers").transform().dedupeKey()).containsExactly("customer_id");
    }

    @Test
    void theAnnotatedExampleOfTheReadmeIsValid() throws IOException {
        String readme = Files.readString(SHIPPED.resolve("README.md"));
        Matcher firstYamlBlock = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(readme);

        assertThat(firstYamlBlock.find()).isTrue();
        assertThat(new DefinitionParser(Set.of("shop")).parse("README.md", firstYamlBlock.group(1)).name()).isEqualTo("orders");
    }

    @Test
    void oneBadFileDoesNotPreventTheOthersFromLoading() throws IOException {
        write("orders.yaml", MINIMAL);
        write("customers.yaml", MINIMAL.replace("orders", "customers").replace("type: string", "type: strng"));

        DefinitionLoader.LoadResult result = loader.load(dir);

        assertThat(result.definitions()).extracting(PipelineDefinition::name).containsExactly("orders");
        assertThat(result.errors()).containsExactly(new DefinitionError("customers.yaml", "transform.columns[1].type",
                "unknown type 'strng'; use one of string, json, bigint, int, double, boolean, timestamp, date, decimal(p,s)"));
    }

    @Test
    void reportsEveryErrorOfEveryBadFile() throws IOException {
        write("a.yaml", "name: a\nschedule: */5 * * * *\n");
        write("b.yml", MINIMAL.replace("orders", "b").replace("connection: shop", "connection: crm"));

        DefinitionLoader.LoadResult result = loader.load(dir);

        assertThat(result.definitions()).isEmpty();
        assertThat(result.errors()).extracting(DefinitionError::source, DefinitionError::field).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a.yaml", ""),
                org.assertj.core.groups.Tuple.tuple("b.yml", "source.connection"));
        assertThat(result.errors().get(0).message()).startsWith("YAML syntax error at line 2");
        assertThat(result.errors().get(1).message()).isEqualTo("unknown connection 'crm'; configured connections (shardlake.sources.<name>): shop");
    }

    @Test
    void rejectsAFileWhoseNameDiffersFromThePipelineName() throws IOException {
        write("sales.yaml", MINIMAL);

        DefinitionLoader.LoadResult result = loader.load(dir);

        assertThat(result.definitions()).isEmpty();
        assertThat(result.errors()).containsExactly(new DefinitionError("sales.yaml", "name",
                "'orders' does not match the file name; name the file orders.yaml or set name: sales"));
    }

    @Test
    void rejectsTheLaterOfTwoFilesDefiningTheSamePipeline() throws IOException {
        write("orders.yaml", MINIMAL);
        write("orders.yml", MINIMAL.replace("*/15 * * * *", "@hourly"));

        DefinitionLoader.LoadResult result = loader.load(dir);

        assertThat(result.definitions()).singleElement().satisfies(d -> assertThat(d.schedule().expression()).isEqualTo("*/15 * * * *"));
        assertThat(result.errors()).containsExactly(new DefinitionError("orders.yml", "name",
                "pipeline 'orders' is already defined by orders.yaml; keep one of the two files"));
    }

    @Test
    void ignoresFilesThatAreNotYamlDefinitions() throws IOException {
        write("orders.yaml", MINIMAL);
        write("README.md", "# not a definition: {");
        write("notes.txt", "nothing");
        write(".orders.yaml", "editor backup: [");
        Files.createDirectory(dir.resolve("old.yaml"));

        DefinitionLoader.LoadResult result = loader.load(dir);

        assertThat(result.errors()).isEmpty();
        assertThat(result.definitions()).extracting(PipelineDefinition::name).containsExactly("orders");
    }

    @Test
    void loadsFilesInFileNameOrder() throws IOException {
        for (String name : List.of("zeta", "alpha", "mid")) {
            write(name + ".yaml", MINIMAL.replace("name: orders", "name: " + name));
        }

        assertThat(loader.load(dir).definitions()).extracting(PipelineDefinition::name).containsExactly("alpha", "mid", "zeta");
    }

    @Test
    void reportsAFileThatIsNotUtf8() throws IOException {
        Files.write(dir.resolve("orders.yaml"), new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xC3, (byte) 0x28});

        assertThat(loader.load(dir).errors()).containsExactly(new DefinitionError("orders.yaml", "", "the file is not UTF-8 text"));
    }

    @Test
    void reportsAMissingDirectory() {
        Path missing = dir.resolve("nope");

        DefinitionLoader.LoadResult result = loader.load(missing);

        assertThat(result.errors()).containsExactly(new DefinitionError(missing.toString(), "", "no such directory"));
        assertThat(result.folderListed()).isFalse();
    }

    @Test
    void keepsTheFileNameAndExactTextOfEveryShippedDefinition() throws IOException {
        PipelineCatalog catalog = PipelineCatalog.load(SHIPPED, Set.of("shop"));

        for (String name : List.of("customers", "form_submissions", "orders")) {
            assertThat(catalog.source(name)).contains(new DefinitionSource(name + ".yaml",
                    Files.readString(SHIPPED.resolve(name + ".yaml"), StandardCharsets.UTF_8)));
        }
    }

    @Test
    void keepsCommentsAndFormattingInTheSourceText() throws IOException {
        String text = "# owned by team-data\n" + MINIMAL.replace("table: orders", "table:    orders   # the OLTP table");
        write("orders.yaml", text);

        assertThat(loader.load(dir).sources()).containsExactly(java.util.Map.entry("orders", new DefinitionSource("orders.yaml", text)));
    }

    @Test
    void listsEveryDefinitionFileButKeepsSourcesOnlyOfThoseThatLoaded() throws IOException {
        write("orders.yaml", MINIMAL);
        write("customers.yaml", "name: customers\n");
        write("README.md", "not a definition");

        DefinitionLoader.LoadResult result = loader.load(dir);

        assertThat(result.files()).containsExactly("customers.yaml", "orders.yaml");
        assertThat(result.sources()).containsOnlyKeys("orders");
        assertThat(result.folderListed()).isTrue();
    }

    @Test
    void theFileHoldingAPipelineKeepsItWhenASecondFileThatSortsFirstClaimsIt() throws IOException {
        write("orders.yml", MINIMAL);
        write("orders.yaml", MINIMAL.replace("*/15 * * * *", "@hourly"));

        DefinitionLoader.LoadResult result = loader.load(dir, java.util.Map.of("orders", "orders.yml"));

        assertThat(result.definitions()).singleElement().satisfies(d -> assertThat(d.schedule().expression()).isEqualTo("*/15 * * * *"));
        assertThat(result.sources().get("orders").fileName()).isEqualTo("orders.yml");
        assertThat(result.errors()).containsExactly(new DefinitionError("orders.yaml", "name",
                "pipeline 'orders' is already defined by orders.yml; keep one of the two files"));
    }

    @Test
    void catalogsBuiltFromDefinitionsAloneStillWorkWithoutSources() {
        PipelineDefinition orders = Definitions.PARSER.parse("orders.yaml", MINIMAL);

        PipelineCatalog catalog = new PipelineCatalog(List.of(orders), List.of());

        assertThat(catalog.get("orders")).contains(orders);
        assertThat(catalog.source("orders")).isEmpty();
    }

    @Test
    void pipelinesWhoseDependenciesFormACycleAreRefusedNamingTheCycleAndTheOthersLoad() throws IOException {
        write("a.yaml", named("a", "[b]"));
        write("b.yaml", named("b", "[c]"));
        write("c.yaml", named("c", "[a]"));
        write("d.yaml", named("d", "[a, not_defined_yet]"));
        write("e.yaml", named("e", "[e]"));

        DefinitionLoader.LoadResult result = loader.load(dir);

        assertThat(result.definitions()).extracting(PipelineDefinition::name).containsExactly("d");
        assertThat(result.sources()).containsOnlyKeys("d");
        assertThat(result.errors()).extracting(DefinitionError::source, DefinitionError::field).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("a.yaml", "depends_on"), org.assertj.core.groups.Tuple.tuple("b.yaml", "depends_on"),
                org.assertj.core.groups.Tuple.tuple("c.yaml", "depends_on"), org.assertj.core.groups.Tuple.tuple("e.yaml", "depends_on"));
        assertThat(result.errors()).filteredOn(e -> e.source().equals("a.yaml")).singleElement()
                .satisfies(e -> assertThat(e.message()).startsWith("forms a cycle a -> b -> c -> a"));
    }

    private static String named(String name, String dependsOn) {
        return MINIMAL.replace("name: orders", "name: " + name + "\ndepends_on: " + dependsOn);
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
