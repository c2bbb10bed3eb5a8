package io.shardlake.engine.definition;

import io.shardlake.connectors.parquet.Compression;
import io.shardlake.connectors.source.JoinedTable;
import io.shardlake.transforms.CompiledTransform;
import io.shardlake.transforms.PartitionGranularity;
import io.shardlake.transforms.Partitioner;
import io.shardlake.transforms.TransformSpecException;
import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import io.shardlake.transforms.schema.RowSchema;
import io.shardlake.transforms.spec.ColumnMapping;
import io.shardlake.transforms.spec.Explode;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Binds one definition tree to a {@link PipelineDefinition}: reads every section, applies the
 * defaults, then checks what spans sections (the transform compiles, the cursor is kept as a
 * timestamp, the partition column and dedupe key are output columns). One instance per tree.
 */
final class DefinitionBinder {

    // The keys each mapping accepts, and the defaults, come from the one description of the format.
    private static final List<String> KEYS = DefinitionFormat.keysOf("");
    private static final List<String> SOURCE_KEYS = DefinitionFormat.keysOf("source");
    private static final List<String> EVENTS_KEYS = DefinitionFormat.keysOf("source.events");
    private static final List<String> RECONCILE_KEYS = DefinitionFormat.keysOf("source.reconcile");
    private static final List<String> JOIN_KEYS = DefinitionFormat.keysOf("source.joins");
    private static final List<String> SOFT_DELETE_KEYS = DefinitionFormat.keysOf("source.soft_delete");
    private static final List<String> AGGREGATE_KEYS = DefinitionFormat.keysOf("source.joins.aggregates");
    private static final List<String> PARTITION_KEYS = DefinitionFormat.keysOf("partition");
    private static final List<String> TARGET_KEYS = DefinitionFormat.keysOf("target");
    private static final List<String> QUARANTINE_KEYS = DefinitionFormat.keysOf("quarantine");
    private static final List<String> RUNS_KEYS = DefinitionFormat.keysOf("runs");
    private static final List<String> ALERTS_KEYS = DefinitionFormat.keysOf("alerts");
    // Numbers, durations and flags are read through their fields of the format, which hold their defaults and ranges.
    private static final FieldSpec EVENTS = DefinitionFormat.at("source.events");
    private static final FieldSpec RECONCILE = DefinitionFormat.at("source.reconcile");
    private static final FieldSpec TARGET = DefinitionFormat.at("target");
    private static final FieldSpec QUARANTINE = DefinitionFormat.at("quarantine");
    private static final FieldSpec RUNS = DefinitionFormat.at("runs");
    private static final FieldSpec ALERTS = DefinitionFormat.at("alerts");

    private static final String DEFAULT_CURSOR = DefinitionFormat.DEFAULT_CURSOR;
    private static final List<String> DEFAULT_PRIMARY_KEY = DefinitionFormat.DEFAULT_PRIMARY_KEY;

    private final Set<String> knownConnections;
    private final Problems problems;

    DefinitionBinder(Set<String> knownConnections, Problems problems) {
        this.knownConnections = knownConnections;
        this.problems = problems;
    }

    /**
     * @param fileStem the file name without .yaml/.yml the name must equal, or null when the
     *                 definition does not come from a file
     * @return the definition, or null when problems were recorded
     */
    PipelineDefinition bind(JsonNode tree, String fileStem, String version) {
        FieldReader root = FieldReader.root(tree, problems);
        root.allowOnly(KEYS);
        String name = name(root, fileStem);
        String description = root.optional("description", null, FieldReader.TEXT);
        ScheduleSpec schedule = schedule(root);

        FieldReader s = root.requiredMapping("source", "{connection: shop, table: orders}");
        s.allowOnly(SOURCE_KEYS);
        String connection = s.required("connection", "shop", this::connection);
        String table = s.required("table", "orders", Names::identifier);
        String cursor = s.optional("cursor", DEFAULT_CURSOR, Names::identifier);
        List<String> primaryKey = s.list("primary_key", DEFAULT_PRIMARY_KEY, Names::identifier);
        if (primaryKey != null && primaryKey.isEmpty()) {
            problems.add(s.pathOf("primary_key"), "list at least one key column, e.g. primary_key: [id]");
        }
        List<JoinSpec> joins = joins(s, primaryKey);
        String softDelete = softDelete(s);
        EventsSpec events = events(s);
        ReconcileSpec reconcile = reconcile(s, primaryKey);
        SourceMode mode = s.optional("mode", SourceMode.POLL, SourceMode::parse);
        if (mode == SourceMode.CDC) {
            checkCdc(s, joins, events, reconcile);
        }

        int beforeTransform = problems.count();
        TransformReader.Parts transform = TransformReader.read(root.requiredMapping("transform", "{columns: [...]}"));
        // No columns means the section is missing or mistyped, reported or implied by another error.
        boolean transformReadCleanly = problems.count() == beforeTransform && !transform.columns().isEmpty();
        if (transformReadCleanly) {
            checkJoinedColumns(transform, joins);
        }

        FieldReader p = root.mapping("partition");
        p.allowOnly(PARTITION_KEYS);
        String partitionColumn = p.optional("column", null, FieldReader.TEXT);
        PartitionGranularity granularity = p.optional("granularity", PartitionGranularity.DAY, PartitionGranularity::parse);

        TargetSpec target = target(root.mapping("target"), name);
        QuarantineSpec quarantine = quarantine(root.mapping("quarantine"));
        RunPolicy runs = runs(root.mapping("runs"), root.list("depends_on", List.of(), Names::lowerSnake), name);
        AlertSpec alerts = alerts(root.mapping("alerts"));

        // Checks across sections need a transform whose every field read cleanly; otherwise they
        // would only restate errors already recorded.
        List<String> dedupeKey = List.of();
        PartitionSpec partition = null;
        if (transformReadCleanly) {
            CompiledTransform compiled = compile(transform);
            String cursorOutput = cursor == null ? null : cursorOutput(transform, cursor, s.pathOf("cursor"));
            if (compiled != null) {
                dedupeKey = transform.dedupeKey() != null
                        ? checkedDedupeKey(transform.dedupeKey(), compiled.outputSchema())
                        : defaultDedupeKey(transform, primaryKey);
                if (target != null && target.current()) {
                    checkCurrent(transform, primaryKey);
                }
                String column = partitionColumn != null ? partitionColumn : cursorOutput;
                if (column != null && granularity != null) {
                    partition = partition(compiled.outputSchema(), column, granularity);
                }
            }
        }
        if (problems.count() > 0) {
            return null;
        }
        return new PipelineDefinition(name, description, schedule, new SourceSpec(connection, table, cursor, primaryKey, joins, softDelete, events,
                reconcile, mode),
                transform.spec(dedupeKey), partition, target, quarantine, runs, alerts, version);
    }

    /** {@code source.joins}: many-to-one joins by the joined table's primary key, and one-to-many joins folded into aggregates. */
    private List<JoinSpec> joins(FieldReader source, List<String> primaryKey) {
        List<JoinSpec> joins = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        List<FieldReader> items = source.mappings("joins");
        for (int i = 0; i < items.size(); i++) {
            FieldReader j = items.get(i);
            j.allowOnly(JOIN_KEYS);
            String name = j.required("name", "customer", Names::lowerSnake);
            if (name != null && !names.add(name)) {
                problems.add(j.pathOf("name"), "'" + name + "' names another join too; each join needs its own name");
            }
            String table = j.required("table", "customers", Names::identifier);
            String column = j.required("column", "customer_id", Names::identifier);
            String key = j.optional("key", DEFAULT_PRIMARY_KEY.get(0), Names::identifier);
            JoinedTable.Kind type = j.optional("type", JoinedTable.Kind.LEFT, DefinitionBinder::joinType);
            String cursor = j.optional("cursor", DEFAULT_CURSOR, Names::identifier);
            List<JoinedTable.Aggregate> aggregates = aggregates(j, type);
            String softDelete = softDelete(j);
            String connection = j.optional("connection", null, this::connection);
            if (connection != null && type != null && type != JoinedTable.Kind.LEFT) {
                problems.add(j.pathOf("type"), "a table of another connection is looked up by key and joined left; remove type or"
                        + " set type: left");
                type = null;
            }
            if (type == JoinedTable.Kind.MANY && primaryKey != null && primaryKey.size() != 1) {
                problems.add(j.pathOf("type"), "a one-to-many join matches the source table's primary key, which must be one column,"
                        + " not " + primaryKey);
                type = null;
            }
            if (name != null && table != null && column != null && key != null && type != null && cursor != null && aggregates != null) {
                joins.add(new JoinSpec(name, table, type, column, key, cursor, aggregates, softDelete, connection));
            }
        }
        return joins;
    }

    /** {@code soft_delete: {column: deleted_at}}: the column set when a row is deleted; null when absent. */
    private static String softDelete(FieldReader parent) {
        if (!parent.has("soft_delete")) {
            return null;
        }
        FieldReader d = parent.mapping("soft_delete");
        d.allowOnly(SOFT_DELETE_KEYS);
        return d.required("column", "deleted_at", Names::identifier);
    }

    /**
     * {@code mode: cdc} follows one table's binlog: a joined view would need every joined table's
     * changes mapped back to the rows they touch (not built), and events or reconciliation would only
     * repeat what the binlog already carries (every change, deletes included).
     */
    private void checkCdc(FieldReader source, List<JoinSpec> joins, EventsSpec events, ReconcileSpec reconcile) {
        if (joins != null && !joins.isEmpty()) {
            problems.add(source.pathOf("joins"), "not with mode: cdc; a binlog-followed pipeline reads one table (joined views are"
                    + " loaded by windows: leave mode out, or drop the joins)");
        }
        if (events != null) {
            problems.add(source.pathOf("events"), "not with mode: cdc; the binlog already carries every change: drop events");
        }
        if (reconcile != null) {
            problems.add(source.pathOf("reconcile"), "not with mode: cdc; the binlog carries hard deletes: drop reconcile");
        }
    }

    /** {@code events: {coalesce: 2s, max_keys: 1000}}: the pipeline takes entity events; null when absent. */
    private static EventsSpec events(FieldReader source) {
        if (!source.has("events")) {
            return null;
        }
        FieldReader e = source.mapping("events");
        e.allowOnly(EVENTS_KEYS);
        Duration coalesce = e.duration(EVENTS.child("coalesce"));
        Long maxKeys = e.wholeNumber(EVENTS.child("max_keys"));
        return coalesce == null || maxKeys == null ? null : new EventsSpec(coalesce, maxKeys.intValue());
    }

    /**
     * {@code reconcile: {every: 24h, window: "01:00-05:00", zone: Europe/Berlin}}: hard deletes are
     * found by comparing key ranges, which needs a primary key of one (integer) column; null when absent.
     */
    private ReconcileSpec reconcile(FieldReader source, List<String> primaryKey) {
        if (!source.has("reconcile")) {
            return null;
        }
        FieldReader r = source.mapping("reconcile");
        r.allowOnly(RECONCILE_KEYS);
        Duration every = r.duration(RECONCILE.child("every"));
        ZoneId zone = r.optional("zone", ZoneId.of("UTC"), DefinitionBinder::zone);
        if (r.has("zone") && !r.has("window")) {
            problems.add(r.pathOf("zone"), "is given without window; add one, e.g. window: \"01:00-05:00\", or remove zone");
        }
        AllowedWindow window = zone == null ? null : r.optional("window", null, text -> AllowedWindow.parse(text, zone));
        if (primaryKey != null && primaryKey.size() != 1) {
            problems.add(source.pathOf("reconcile"), "reconciliation compares ranges of a primary key of one integer column, not "
                    + primaryKey);
            return null;
        }
        return every == null ? null : new ReconcileSpec(every, window);
    }

    private static JoinedTable.Kind joinType(String text) {
        return switch (text) {
            case "left" -> JoinedTable.Kind.LEFT;
            case "inner" -> JoinedTable.Kind.INNER;
            case "many" -> JoinedTable.Kind.MANY;
            default -> throw new IllegalArgumentException("'" + text + "' is not a join type: use left (source rows without a match"
                    + " keep null joined columns), inner (they are left out) or many (one-to-many, folded into aggregates)");
        };
    }

    /** A one-to-many join's {@code aggregates}: required for it, refused for the others; null when wrong. */
    private List<JoinedTable.Aggregate> aggregates(FieldReader join, JoinedTable.Kind type) {
        List<FieldReader> items = join.mappings("aggregates");
        if (type != JoinedTable.Kind.MANY) {
            if (!items.isEmpty()) {
                problems.add(join.pathOf("aggregates"), "only a one-to-many join (type: many) folds rows into aggregates");
                return null;
            }
            return List.of();
        }
        if (items.isEmpty()) {
            problems.add(join.pathOf("aggregates"), "a one-to-many join folds each row's rows into aggregates: list at least one,"
                    + " e.g. aggregates: [{name: count, function: count}]");
            return null;
        }
        List<JoinedTable.Aggregate> aggregates = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        for (FieldReader a : items) {
            a.allowOnly(AGGREGATE_KEYS);
            String name = a.required("name", "item_count", Names::lowerSnake);
            if (name != null && !names.add(name)) {
                problems.add(a.pathOf("name"), "'" + name + "' names another aggregate of this join too");
                name = null;
            }
            JoinedTable.Aggregate.Function function = a.required("function", "count", DefinitionBinder::aggregateFunction);
            List<String> of = a.list("of", List.of(), Names::identifier);
            if (name == null || function == null || of == null) {
                return null;
            }
            try {
                aggregates.add(new JoinedTable.Aggregate(name, function, of));
            } catch (IllegalArgumentException e) {
                problems.add(a.pathOf("of"), e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
                return null;
            }
        }
        return aggregates;
    }

    private static JoinedTable.Aggregate.Function aggregateFunction(String text) {
        return switch (text) {
            case "count" -> JoinedTable.Aggregate.Function.COUNT;
            case "sum" -> JoinedTable.Aggregate.Function.SUM;
            case "min" -> JoinedTable.Aggregate.Function.MIN;
            case "max" -> JoinedTable.Aggregate.Function.MAX;
            case "json_array" -> JoinedTable.Aggregate.Function.JSON_ARRAY;
            default -> throw new IllegalArgumentException("'" + text + "' is not an aggregate: use count, sum, min, max or json_array");
        };
    }

    /**
     * A transform reads a joined table's column as {@code <join>.<column>}: the join must be
     * declared, and of a one-to-many join only its aggregates and cursor can be read.
     */
    private void checkJoinedColumns(TransformReader.Parts transform, List<JoinSpec> joins) {
        for (int i = 0; i < transform.columns().size(); i++) {
            checkJoinedColumn(transform.columns().get(i).from(), "transform.columns[" + i + "].from", joins);
        }
        for (int i = 0; i < transform.json().size(); i++) {
            checkJoinedColumn(transform.json().get(i).column(), "transform.json[" + i + "].column", joins);
        }
    }

    private void checkJoinedColumn(String sourceColumn, String field, List<JoinSpec> joins) {
        String name = Names.joinOf(sourceColumn);
        if (name == null) {
            return;
        }
        JoinSpec join = joins.stream().filter(j -> j.name().equals(name)).findFirst().orElse(null);
        if (join == null) {
            problems.add(field, "'" + sourceColumn + "' reads a column of join '" + name + "', but source.joins " + (joins.isEmpty()
                    ? "declares no join" : "declares only " + joins.stream().map(JoinSpec::name).sorted().collect(Collectors.joining(", "))));
            return;
        }
        String column = sourceColumn.substring(name.length() + 1);
        if (join.type() == JoinedTable.Kind.MANY && !column.equals(join.cursor())
                && join.aggregates().stream().noneMatch(a -> a.name().equals(column))) {
            problems.add(field, "'" + sourceColumn + "': the one-to-many join '" + name + "' offers its aggregates ("
                    + join.aggregates().stream().map(JoinedTable.Aggregate::name).collect(Collectors.joining(", ")) + ") and its cursor ("
                    + join.cursor() + "), not the columns of its rows");
        }
    }

    private String name(FieldReader root, String fileStem) {
        String name = root.required("name", "orders", Names::lowerSnake);
        if (name != null && fileStem != null && !name.equals(fileStem)) {
            problems.add("name", "'" + name + "' does not match the file name; name the file " + name + ".yaml or set name: " + fileStem);
        }
        return name;
    }

    private static ScheduleSpec schedule(FieldReader root) {
        CronSchedule cron = root.required("schedule", "\"*/15 * * * *\"", CronSchedule::parse);
        ZoneId zone = root.optional("schedule_zone", ZoneId.of("UTC"), DefinitionBinder::zone);
        return cron == null || zone == null ? null : new ScheduleSpec(cron.expression(), cron.quartz(), zone);
    }

    /** @param name the pipeline name, the default table */
    private static TargetSpec target(FieldReader t, String name) {
        t.allowOnly(TARGET_KEYS);
        String table = t.optional("table", name, Names::lowerSnake);
        Compression compression = t.optional("compression", Compression.SNAPPY, Compression::parse);
        Long fileSizeMb = t.wholeNumber(TARGET.child("file_size_mb"));
        Boolean redshift = t.flag(TARGET.child("redshift"));
        Boolean current = t.flag(TARGET.child("current"));
        return table == null || compression == null || fileSizeMb == null || redshift == null || current == null ? null
                : new TargetSpec(table, compression, fileSizeMb * 1024 * 1024, redshift, current);
    }

    private static QuarantineSpec quarantine(FieldReader q) {
        q.allowOnly(QUARANTINE_KEYS);
        Double maxFraction = q.number(QUARANTINE.child("max_fraction"));
        return maxFraction == null ? null : new QuarantineSpec(maxFraction);
    }

    private RunPolicy runs(FieldReader r, List<String> dependsOn, String name) {
        r.allowOnly(RUNS_KEYS);
        Long maxActive = r.wholeNumber(RUNS.child("max_active"));
        Duration timeout = r.duration(RUNS.child("timeout"));
        Long retries = r.wholeNumber(RUNS.child("retries"));
        Duration backoff = r.duration(RUNS.child("retry_backoff"));
        Duration maxBackoff = r.duration(RUNS.child("max_retry_backoff"));
        RunPolicy.Catchup catchup = r.optional("catchup", RunPolicy.DEFAULTS.catchup(), RunPolicy.Catchup::parse);
        Long catchupMax = r.wholeNumber(RUNS.child("catchup_max_runs"));
        Duration upstream = r.duration(RUNS.child("wait_for_upstream"));
        if (dependsOn != null && name != null && dependsOn.contains(name)) {
            problems.add("depends_on", "a pipeline cannot depend on itself; list upstream pipelines only");
        }
        if (maxActive == null || timeout == null || retries == null || backoff == null || maxBackoff == null || catchup == null
                || catchupMax == null || upstream == null || dependsOn == null) {
            return null;
        }
        return new RunPolicy(maxActive.intValue(), timeout, retries.intValue(), backoff, maxBackoff, catchup, catchupMax.intValue(),
                dependsOn, upstream);
    }

    /**
     * Absent fields stay null: the service-wide {@code shardlake.alerts.*} settings apply to them. An
     * invalid field is recorded in the problems, and then no definition is made at all.
     */
    private static AlertSpec alerts(FieldReader a) {
        a.allowOnly(ALERTS_KEYS);
        URI webhook = a.optional("webhook", null, AlertSpec::parseWebhook);
        Duration threshold = a.duration(ALERTS.child("freshness_threshold"));
        return webhook == null && threshold == null ? AlertSpec.NONE : new AlertSpec(webhook, threshold);
    }

    private String connection(String text) {
        if (!knownConnections.isEmpty() && !knownConnections.contains(text)) {
            throw new IllegalArgumentException("unknown connection '" + text + "'; configured connections (shardlake.sources.<name>): "
                    + String.join(", ", new TreeSet<>(knownConnections)));
        }
        return text;
    }

    private static ZoneId zone(String text) {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + text + "'; use a region id such as UTC, Europe/Berlin or America/Sao_Paulo");
        }
    }

    /** Compiles with no dedupe key: the key is checked separately so that every wrong entry is reported. */
    private CompiledTransform compile(TransformReader.Parts transform) {
        try {
            return CompiledTransform.compile(transform.spec(List.of()));
        } catch (TransformSpecException e) {
            problems.add(e.field(), e.problem());
            return null;
        }
    }

    /**
     * The output column holding the cursor: the first one mapped from it, as the run engine picks
     * it ({@code CompiledTransform.outputPositionOfSource}). It must be a timestamp: incremental
     * windows, the default partition and dedupe (latest version wins) all read it.
     */
    private String cursorOutput(TransformReader.Parts transform, String cursor, String cursorField) {
        List<ColumnMapping> columns = transform.columns();
        for (int i = 0; i < columns.size(); i++) {
            ColumnMapping m = columns.get(i);
            if (cursor.equals(m.from())) {
                if (m.type().kind() == ColumnType.Kind.TIMESTAMP) {
                    return m.name();
                }
                problems.add("transform.columns[" + i + "].type", "the cursor column '" + cursor + "' must be kept as a timestamp,"
                        + " not " + m.type() + "; it is needed for partitioning and dedupe");
                return null;
            }
        }
        problems.add(cursorField, "the cursor column '" + cursor + "' is not kept in the output; map it under transform.columns"
                + " as a timestamp, e.g. - {name: " + cursor + ", type: timestamp}; it is needed for partitioning and dedupe");
        return null;
    }

    private List<String> checkedDedupeKey(List<String> key, RowSchema output) {
        for (int i = 0; i < key.size(); i++) {
            if (!output.contains(key.get(i))) {
                problems.add("transform.dedupe_key[" + i + "]", "'" + key.get(i) + "' is not an output column; use some of "
                        + output.columns().stream().map(Column::name).collect(Collectors.joining(", ")));
            }
        }
        return key;
    }

    /**
     * The output columns of the primary key, plus the explode's key_as (else index_as) column,
     * since exploded rows of one source row share its key. Empty (no dedupe) when that does not
     * identify a row: a key column is not kept, or an explode names neither key nor index.
     */
    /**
     * {@code target.current} keeps one row per (shard, primary key): every key column must be in
     * the output, and a row must not be exploded into several.
     */
    private void checkCurrent(TransformReader.Parts transform, List<String> primaryKey) {
        if (primaryKey == null) {
            return;
        }
        for (String sourceColumn : primaryKey) {
            if (transform.columns().stream().noneMatch(m -> sourceColumn.equals(m.from()))) {
                problems.add("target.current", "the current-state table keeps one row per primary key, but the key column '"
                        + sourceColumn + "' is not kept in the output; map it under transform.columns, e.g. - {name: "
                        + sourceColumn + ", type: bigint}, or remove current");
            }
        }
        if (transform.explode() != null) {
            problems.add("target.current", "the current-state table keeps one row per primary key, but transform.json explodes"
                    + " each source row into several; remove current or the explode");
        }
    }

    private static List<String> defaultDedupeKey(TransformReader.Parts transform, List<String> primaryKey) {
        if (primaryKey == null) {
            return List.of();
        }
        List<String> key = new ArrayList<>();
        for (String sourceColumn : primaryKey) {
            String output = transform.columns().stream()
                    .filter(m -> sourceColumn.equals(m.from())).map(ColumnMapping::name).findFirst().orElse(null);
            if (output == null) {
                return List.of();
            }
            key.add(output);
        }
        Explode explode = transform.explode();
        if (explode != null) {
            String element = explode.keyAs() != null ? explode.keyAs() : explode.indexAs();
            if (element == null) {
                return List.of();
            }
            key.add(element);
        }
        return key;
    }

    private PartitionSpec partition(RowSchema output, String column, PartitionGranularity granularity) {
        try {
            new Partitioner(output, column, granularity);
            return new PartitionSpec(column, granularity);
        } catch (TransformSpecException e) {
            problems.add(e.field(), e.problem());
            return null;
        }
    }
}
