package io.shardlake.engine.history;

import io.shardlake.engine.definition.DefinitionParser;
import io.shardlake.engine.definition.PipelineCatalog;
import io.shardlake.engine.definition.PipelineDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Many valid pipeline definitions, {@code p0000} ... every 15 minutes on the "shop" connection, parsed as the loader would. */
public final class GeneratedPipelines {

    private GeneratedPipelines() {
    }

    public static String name(int i) {
        return String.format("p%04d", i);
    }

    /** The definition file of pipeline {@code i}. */
    public static String yaml(int i) {
        return "name: " + name(i) + "\nschedule: \"*/15 * * * *\"\nsource:\n  connection: shop\n"
                + "  table: t" + i + "\ntransform:\n  columns:\n    - {name: id, type: bigint}\n    - {name: updated_at, type: timestamp}\n";
    }

    public static PipelineCatalog catalog(int count) {
        DefinitionParser parser = new DefinitionParser(Set.of("shop"));
        List<PipelineDefinition> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(parser.parse(name(i) + ".yaml", yaml(i)));
        }
        return new PipelineCatalog(all, List.of());
    }
}
