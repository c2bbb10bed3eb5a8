package io.shardlake.engine.definition;

import static io.shardlake.engine.definition.Definitions.MINIMAL;
import static io.shardlake.engine.definition.Definitions.PARSER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefinitionChangesTest {

    private static final PipelineDefinition ORDERS = PARSER.parse("orders.yaml", MINIMAL);
    private static final PipelineDefinition ORDERS_HOURLY = PARSER.parse("orders.yaml", MINIMAL.replace("*/15 * * * *", "@hourly"));
    private static final PipelineDefinition CUSTOMERS = named("customers");
    private static final PipelineDefinition RETURNS = named("returns");

    @Test
    void sortsPipelinesIntoAddedChangedRemovedAndUnchangedByVersion() {
        PipelineCatalog before = new PipelineCatalog(List.of(ORDERS, CUSTOMERS), List.of());
        PipelineCatalog after = new PipelineCatalog(List.of(ORDERS_HOURLY, RETURNS), List.of());

        DefinitionChanges changes = DefinitionChanges.between(before, after);

        assertThat(changes.added()).containsExactly(RETURNS);
        assertThat(changes.changed()).containsExactly(ORDERS_HOURLY);
        assertThat(changes.removed()).containsExactly("customers");
        assertThat(changes.unchanged()).isEmpty();
        assertThat(changes.hasChanges()).isTrue();
        assertThat(changes).hasToString("added [returns], changed [orders], removed [customers], unchanged 0, kept on error [], 0 errors");
    }

    @Test
    void theSameVersionsAreNoChangeAndTheErrorsAreThoseOfTheNewCatalog() {
        DefinitionError error = new DefinitionError("b.yaml", "", "YAML syntax error");
        PipelineCatalog before = new PipelineCatalog(List.of(ORDERS), List.of());
        PipelineCatalog after = new PipelineCatalog(List.of(PARSER.parse("orders.yaml", "# a comment\n" + MINIMAL)), List.of(error));

        DefinitionChanges changes = DefinitionChanges.between(before, after);

        assertThat(changes.hasChanges()).isFalse();
        assertThat(changes.unchanged()).containsExactly("orders");
        assertThat(changes.errors()).containsExactly(error);
    }

    @Test
    void aPipelineWhoseOwnFileHasErrorsIsKeptOnErrorButASecondFileClaimingItIsNot() {
        PipelineCatalog after = new PipelineCatalog(List.of(ORDERS, CUSTOMERS),
                Map.of("orders", new DefinitionSource("orders.yaml", MINIMAL), "customers", new DefinitionSource("customers.yaml", "")),
                List.of(new DefinitionError("orders.yaml", "schedule", "is missing"),
                        new DefinitionError("customers.yml", "name", "pipeline 'customers' is already defined by customers.yaml")));

        assertThat(DefinitionChanges.between(after, after).keptOnError()).containsExactly("orders");
    }

    private static PipelineDefinition named(String name) {
        return PARSER.parse(name + ".yaml", MINIMAL.replace("name: orders", "name: " + name));
    }
}
