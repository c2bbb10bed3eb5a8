package io.shardlake.engine.definition;

import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Validates and binds pipeline definitions. The same rules serve YAML files, the web form and
 * REST: each builds a tree (Jackson {@link JsonNode}) and hands it to {@link #parse(String, JsonNode)}.
 * Every problem found is reported at once, each naming its field by dotted path.
 *
 * <p>Every field, with its type, default and rules, is described once in {@link DefinitionFormat}
 * (which generates the reference in {@code dag-definitions/README.md}). In short:
 * <pre>{@code
 * name: orders                      # required, lower_snake_case; equals the file name
 * description: Orders, flattened    # optional
 * schedule: "@hourly"              # required: 5-field Unix cron such as "0 2 * * *", 6/7-field Quartz
 *                                   #   cron, or @hourly @daily @midnight @weekly @monthly
 * schedule_zone: UTC                # default UTC
 * source:
 *   connection: shop                # required; a connection configured in the service
 *   table: orders                   # required, plain identifier
 *   cursor: updated_at              # default updated_at; must be kept as a timestamp column
 *   primary_key: [id]               # default [id]
 * transform:
 *   columns:                        # required, at least one
 *     - {name: order_id, from: id, type: bigint}   # from defaults to name
 *   json:                           # optional: flatten JSON paths, explode at most one array/object
 *     - column: payload
 *       fields: [{name: customer_tier, path: $.customer.tier, type: string}]
 *   derived:                        # optional
 *     - {name: order_date, expression: "date(created_at)", type: date}
 *   dedupe_key: [order_id]          # default: outputs of the primary key (+ explode key/index)
 * partition: {column: updated_at, granularity: day}    # defaults: the cursor's output column, day
 * target: {table: orders, compression: snappy, file_size_mb: 128, redshift: false, current: false}   # defaults; redshift: also load the
 *                                   # legacy Redshift table; current: keep orders_current, one row per key, its newest version
 * quarantine: {max_fraction: 0.01}  # default 0.01
 * }</pre>
 *
 * <p>Unknown fields are errors (they are usually typos that would otherwise be silently ignored).
 * Thread-safe.
 */
public final class DefinitionParser {

    private final Set<String> knownConnections;

    /**
     * @param knownConnections the source connections configured in the service
     *                         ({@code shardlake.sources.<name>}); empty means "don't check"
     */
    public DefinitionParser(Set<String> knownConnections) {
        this.knownConnections = Set.copyOf(knownConnections);
    }

    /**
     * Parses a YAML definition.
     *
     * @param sourceName where the text comes from, used in errors: a file name such as
     *                   {@code orders.yaml} (then {@code name} must equal {@code orders}), or a
     *                   label such as {@code form}
     * @throws InvalidDefinitionException with every problem found, YAML syntax errors with line
     *                                    and column
     */
    public PipelineDefinition parse(String sourceName, String yamlText) {
        Problems problems = new Problems(sourceName);
        JsonNode tree = YamlTrees.read(yamlText, problems);
        problems.throwIfAny();
        return parse(sourceName, tree);
    }

    /**
     * Parses a definition already read into a tree, such as the web form or a REST body builds.
     *
     * @param sourceName as for {@link #parse(String, String)}
     * @throws InvalidDefinitionException with every problem found
     */
    public PipelineDefinition parse(String sourceName, JsonNode tree) {
        Problems problems = new Problems(sourceName);
        String version = tree == null || !tree.isObject() ? null : DefinitionVersion.of(tree);
        PipelineDefinition definition = new DefinitionBinder(knownConnections, problems)
                .bind(tree, DefinitionFiles.stem(sourceName), version);
        problems.throwIfAny();
        return definition;
    }
}
